"""Every kind of page of the demo, public and staff, in Chromium at phone (390 px) and desktop (1366 px) widths,
the public ones at tablet width (768 px) too, in French and Arabic: the page never scrolls sideways (a wide table
scrolls in its own box or becomes cards), the controls a thumb taps are at least 44 px high on a phone, and
axe-core finds no serious or critical violation (at 390 and 1366 px). Every problem is listed at the end rather
than stopping at the first.

The walk is one test per audience, language and width, so that pytest-xdist spreads its minutes over the workers
(walked whole it was one test of 7-8 minutes, longer than any worker's share of the suite): each worker starts
one browser and one live server, and each test loads the demo again (about 3 s)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from madina.accounts.models import User
from tests import demo_site
from tests.conftest import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"phone": 390, "tablet": 768, "desktop": 1366}
AXE_AT = {"phone", "desktop"}
LANGUAGES = ["fr", "ar"]
EXPECTED_STATUS = {"not found": 404, "forbidden": 403}
# The staff work on desktops and phones; the tablet width is walked on the public pages.
AUDIENCES = {"public": tuple(WIDTHS), "staff": ("phone", "desktop")}
CHUNKS = [(audience, language, device) for audience, devices in AUDIENCES.items()
          for language in LANGUAGES for device in devices]

MEASURE = """() => {
  const width = window.innerWidth, scroll = document.documentElement.scrollWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const clipped = (el) => {  // inside a box that hides or scrolls what overflows it
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [];
  if (scroll > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width && (box.right > width + 1 || box.left < -1) && !wide.some((w) => w.el.contains(el))
          && el.checkVisibility() && !clipped(el)) {
        wide.push({el, text: name(el) + ' ' + Math.round(box.left) + '..' + Math.round(box.right)});
      }
    }
  }
  const small = [];
  const taps = 'button, .button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select,'
    + ' textarea, summary, nav a';
  for (const el of document.querySelectorAll(taps)) {
    if (el.closest('.leaflet-container, .swagger-ui, .visually-hidden, .skip-link')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.height < 44) small.push(name(el) + ' ' + Math.round(box.height) + 'px');
  }
  return {width, scroll, wide: wide.slice(0, 4).map((w) => w.text), small: small.slice(0, 4)};
}"""


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # Swagger UI (the API page's interactive part) is a vendored widget: its own markup is not ours to fix.
    violations = Axe().run(page, context={"exclude": [[".swagger-ui"]]}).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations if v.get("impact") in ("serious", "critical")]


def walk(browser, live_server, pages: dict[str, str], *, session: str = "", devices=tuple(WIDTHS),
         languages=tuple(LANGUAGES)) -> list[str]:
    """Each page at each width in each language; the problems found, one line each."""
    problems: list[str] = []
    for language in languages:
        for device in devices:
            width = WIDTHS[device]
            context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{language}-TN")
            cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
            if session:
                cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
            context.add_cookies(cookies)
            page = context.new_page()
            refused = csp_violations(page)
            for label, path in pages.items():
                where = f"{label} ({path}) {language} {width}px"
                try:
                    response = page.goto(live_server.url + path)
                    page.wait_for_load_state("networkidle")
                except PlaywrightError as error:
                    problems.append(f"{where}: {error.message.splitlines()[0]}")
                    continue
                if response.status != EXPECTED_STATUS.get(label, 200):
                    problems.append(f"{where}: status {response.status}")
                    continue
                measured = page.evaluate(MEASURE)
                if measured["scroll"] > measured["width"]:
                    problems.append(f"{where}: {measured['scroll']} px wide: {measured['wide']}")
                if device == "phone" and measured["small"]:
                    problems.append(f"{where}: taps under 44 px: {measured['small']}")
                if device in AXE_AT:
                    problems.extend(f"{where}: {v}" for v in serious_violations(page))
            problems.extend(refused)
            context.close()
    return problems


@pytest.fixture
def organiser(transactional_db, settings):
    """The demo, loaded afresh for each part of the walk (the live server sees only committed rows)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MADINA_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tile from the internet
    return demo_site.load()


@pytest.mark.parametrize(("audience", "language", "device"), CHUNKS, ids=["-".join(chunk) for chunk in CHUNKS])
def test_every_page_fits_the_screen_and_passes_axe(organiser, browser, live_server, client, audience, language,
                                                   device):
    if audience == "public":
        pages, session = demo_site.public_pages(), ""
        del pages["results"]  # walked by a resident once the budget is counted (below)
    else:
        client.force_login(organiser)
        pages, session = demo_site.staff_pages(), client.cookies["sessionid"].value
    problems = walk(browser, live_server, pages, session=session, devices=(device,), languages=(language,))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_a_resident_sees_the_results_and_a_refusal_at_every_width(organiser, browser, live_server, client):
    """Seen by a signed-in resident once the budget is counted: the results, and a page their role does not
    open."""
    demo_site.count_demo_budget()
    client.force_login(User.objects.create_user("habitante@example.tn", demo_site.PASSWORD))
    resident = {"results": demo_site.public_pages()["results"], "forbidden": "/caravane/organiser/"}
    problems = walk(browser, live_server, resident, session=client.cookies["sessionid"].value)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
