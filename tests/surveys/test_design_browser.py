"""In Chromium at 390 px, in French and Arabic: a process's staff open a survey with their own questions and
write them, every page fitting the screen and passing axe."""

import datetime as dt

import pytest
from django.utils import timezone

from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.questionnaires.models import Question
from tests.conftest import assert_accessible, set_language
from tests.demo_site import seed_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    """Before the small world: the quality-of-life questionnaire it reads comes from a migration."""
    seed_migrated_data()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_opening_a_survey_fits_a_phone(page, live_server, client, world, lang):
    now = timezone.now()
    process = participation.create_process(OPERATOR, municipality=world["gabes"], slug="gabes", title="Gabès")
    participation.add_phase(process, OPERATOR, PhaseKind.SURVEY, now - dt.timedelta(days=1), now + dt.timedelta(days=7))
    page.set_viewport_size({"width": 390, "height": 844})
    set_language(page, live_server, lang)
    client.force_login(world["gabes_staff"])
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/enquetes/concertations/gabes/nouvelle/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    page.fill("#id_slug", "marche")
    page.check("input[name=start][value=own]")
    page.fill("#id_title", "Le marché")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/enquetes/marche/questions/")
    page.select_option("#id_kind", "ranking")
    page.fill("#id_text", "Classez les jours de marché")
    page.fill("#id_choices", "Samedi\nDimanche\nMercredi")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/enquetes/marche/questions/")
    assert Question.objects.get(questionnaire__slug="enquete-marche").choices.count() == 3
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    page.goto(f"{live_server.url}/enquetes/marche/")
    assert page.locator("select[name^=q-q1-]").count() == 3 and page.evaluate(NO_SIDEWAYS_SCROLL)
