"""Redraw the screenshots of this folder: `python docs/screenshots/make.py` from the repository's root.

The home, a process, a proposal, the budget's results and a municipality, in French and Arabic, on a desktop
(1366 px) and a phone (390 px): the demo (`madina demo`, with three residents' ballots counted) served by a test
server and drawn by the Chromium of the browser tests (README.md, "Browser tests"). The file runs itself through
pytest, so that it gets the test suite's throwaway database, server and browser.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
LANGUAGES = ["fr", "ar"]
PAGES = ["home", "process", "proposal", "results", "municipality"]
TALLEST = 3000
"""A long page is cut there: what a reader sees first is what the picture is for."""


def file_name(page: str, language: str, device: str) -> str:
    return f"{page}-{language}-{device}.png"


def test_draw_the_screenshots(transactional_db, settings, browser, live_server):
    from tests import demo_site

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MADINA_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tiles: the outlines alone, as offline
    demo_site.load()
    demo_site.count_demo_budget()
    paths = demo_site.public_pages()
    for language in LANGUAGES:
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale=f"{language}-TN")
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            for name in PAGES:
                page.goto(live_server.url + paths[name])
                page.wait_for_load_state("networkidle")
                full = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=HERE / file_name(name, language, device), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": min(full, TALLEST)})
            context.close()


if __name__ == "__main__":
    sys.exit(subprocess.call(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.conftest", "-q", "-n", "0",
         "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(Path(__file__).resolve())],
        cwd=ROOT,
    ))
