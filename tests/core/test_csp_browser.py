"""The main pages of every kind, loaded in Chromium under the site's Content-Security-Policy (core/csp.py): each
answer carries the policy, and nothing on the page (Leaflet maps, htmx, the ballot, Swagger UI, the admin) is
refused by it. Every other browser test checks the same on its own pages (tests/conftest.py's `page`)."""


import pytest

from madina import demo
from madina.budgeting.models import Budget
from madina.participation.models import Process
from madina.projects.models import Project
from tests.conftest import csp_violations
from tests.demo_site import seed_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def loaded(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_migrated_data()
    demo.load(verbosity=0)


def _pages() -> dict[str, str]:
    """What each kind of page is waited for by (a selector drawn by its scripts when it has some)."""
    process = Process.objects.get()
    proposal = process.proposals.order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    budget = Budget.objects.get()
    return {
        "/": ".map .leaflet-interactive",
        "/territoire/": ".map .leaflet-interactive",
        "/territoire/municipalites/gabes/": ".map .leaflet-interactive",
        "/territoire/perimetres/": ".map .leaflet-interactive",
        "/caravane/2020/": ".map .leaflet-interactive",
        "/projets/": ".map.leaflet-container",
        f"/projets/{project.pk}/": ".map.leaflet-container",
        "/projets/synthese/": "figure.chart svg.chart-drawing",
        "/participer/": "main",
        process.get_absolute_url(): ".map.leaflet-container",
        proposal.get_absolute_url(): ".map.leaflet-container",
        f"/budget/{budget.pk}/": "main",
        "/api/v1/docs": ".swagger-ui .opblock",
        "/comptes/login/": "form",
        "/comptes/signup/": "form",
        "/admin/login/": "#login-form",
    }


def test_every_kind_of_page_runs_within_the_policy(loaded, page, live_server):
    for path, ready in _pages().items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        page.wait_for_selector(ready, state="attached", timeout=15_000)
        page.wait_for_load_state("networkidle")
    # The `page` fixture fails the test on any refusal Chromium reported on its console.


def test_a_refused_inline_script_is_reported(loaded, browser, live_server):
    """The check would see a violation: an inline script slipped into a page is refused, and Chromium says so."""
    context = browser.new_context()
    try:
        page = context.new_page()
        found = csp_violations(page)
        page.goto(live_server.url + "/")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                                  document.body.append(s); }""")
        page.wait_for_function("() => true")
        assert page.evaluate("() => window.ran") is None
        assert any("script-src" in line for line in found), found
    finally:
        context.close()
