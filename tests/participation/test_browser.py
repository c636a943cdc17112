"""The citizen journey in a real browser, in French and in Arabic: sign in, propose (placing it on the map),
comment, support (htmx), with no serious accessibility violation on the way."""

import pytest

from madina.participation.models import Comment, Proposal
from madina.participation.phases import PhaseKind
from tests.conftest import assert_accessible, set_language

from .conftest import PASSWORD, make_user, open_process, set_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_sign_in_propose_comment_support(page, live_server, gabes, sector, language, direction):
    process = open_process(gabes)
    citizen = make_user("amel@example.tn")
    set_language(page, live_server, language)

    page.goto(f"{live_server.url}/comptes/login/?next={process.get_absolute_url()}")
    page.fill("input[name=login]", citizen.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{process.get_absolute_url()}")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator(".phase-current[aria-current=step]").count() == 1
    assert_accessible(page)

    page.locator("a[href$='/proposer/']").click()
    page.fill("#id_title", "Un abri à l'arrêt de bus")
    page.fill("#id_body", "Il fait 40 degrés en juillet.")
    page.select_option("#id_sector", str(sector.pk))
    page.wait_for_selector(".map[data-picker=ready] .leaflet-overlay-pane path", state="attached")
    page.locator(".map").click()  # the centre of the map is inside the municipality
    assert page.input_value("#id_latitude") and page.input_value("#id_longitude")
    assert_accessible(page)
    page.locator("form.proposal-form button[type=submit]:not([name=draft])").click()
    page.wait_for_selector("h1#proposal-title")
    proposal = Proposal.objects.get()
    assert page.locator("h1#proposal-title").inner_text() == "Un abri à l'arrêt de bus"

    page.fill("form.comment-form textarea", "Et des arbres aussi.")
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_selector(".comment >> text=Et des arbres aussi.")
    assert Comment.objects.get().author == citizen

    set_phase(process, PhaseKind.SUPPORTS)
    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    page.locator(f"#support-{proposal.pk} button[aria-pressed=false]").click()
    page.wait_for_selector(f"#support-{proposal.pk} button[aria-pressed=true]")
    assert page.locator(f"#support-{proposal.pk} .support-count strong").inner_text() == "1"
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert_accessible(page)
