"""Fixtures shared by the whole suite: a real Chromium for browser tests and an axe-core check."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MADINA_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _french_is_active():
    """Each test starts in French, the default language. A test-client request leaves the language of its
    cookie active in this thread, and modeltranslation writes `title = ...` into the active language's column:
    without this, a project created after an English request would have no French title."""
    from django.utils import translation

    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _an_empty_cache():
    """Each test starts with an empty cache. The suite's cache lives in the process (tests/settings.py) while each
    test's rows are rolled back and their ids used again: an answer kept for process 1 of one test would be served
    for process 1 of the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _every_email_is_absolute_and_in_its_recipients_language(settings, monkeypatch):
    """Every e-mail the whole suite sends is checked as it leaves (tests/mail_checks.py), whatever test sent it;
    a problem fails that test once it ends (a background task would swallow an error raised while sending)."""
    from django.core.mail.backends import locmem

    from tests.mail_checks import problems

    found = []
    send = locmem.EmailBackend.send_messages

    def checked(backend, messages):
        for message in messages:
            found.extend(problems(message))
        return send(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", checked)
    yield
    assert not found, "\n".join(found)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("MADINA_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} and MADINA_REQUIRE_BROWSER is set")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set MADINA_CHROMIUM "
                    "(README.md, Browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, settings):
    # Tiles would be fetched from the internet; the maps must draw from our own outlines anyway.
    settings.MADINA_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = csp_violations(page)
    yield page
    context.close()
    # Every page any browser test opened ran within the Content-Security-Policy (madina/core/csp.py).
    assert not refused, "\n".join(refused)


def csp_violations(page) -> list[str]:
    """The Content-Security-Policy refusals Chromium reports on the page's console from now on, as they come."""
    found: list[str] = []
    page.on("console", lambda message: found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    return found


def set_language(page, live_server, code: str) -> None:
    """Choose the interface language the way a visitor does: with the language form (its cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
