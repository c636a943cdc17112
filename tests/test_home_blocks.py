# ruff: noqa: F811  (participation's fixtures, imported by name, are the tests' arguments)
"""The home page's invitations: open processes and budgets with their phase and time left, the caravan's coming
stops, answered proposals, projects that moved, the national figures; each with its action, at a fixed number of
queries whatever the data, left out or explained when empty."""

import datetime as dt
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from madina.budgeting.models import Budget
from madina.caravan.models import Edition, Stop
from madina.participation import services
from madina.participation.models import AnswerState
from madina.participation.phases import PhaseKind
from madina.projects import services as project_services
from madina.projects.models import Intervention, Origin, Stage
from tests.participation.conftest import (  # noqa: F401 (fixtures)
    _fast_hashing_and_immediate_tasks,
    gabes,
    open_process,
    people,
    sector,
    sfax,
)


@pytest.fixture(autouse=True)
def _many_proposals_by_one_person(settings):
    settings.PARTICIPATION_PROPOSAL_RATE = (100, 60)


def add_everything(gabes, people, sector, n: int):
    """n of each thing the home shows, suffixed so that they are told apart."""
    today = timezone.localdate()
    edition = Edition.objects.create(slug=f"ed-{n}", name="Caravane 2027", start_date=today, is_published=True,
                                     end_date=today + timedelta(days=9))
    hidden_edition = Edition.objects.create(slug=f"draft-{n}", name="Brouillon", start_date=today,
                                            end_date=today, is_published=False)
    for i in range(n):
        Stop.objects.create(edition=edition, order=i + 1, municipality=gabes, name=f"Étape {n}-{i}",
                            latitude=33.88, longitude=10.1, date=today + timedelta(days=i), venue="Maison de la culture")
        Stop.objects.create(edition=hidden_edition, order=i + 1, name=f"Cachée {n}-{i}", latitude=33.88,
                            longitude=10.1, date=today)
        process = open_process(gabes, slug=f"p-{n}-{i}")
        vote = open_process(gabes, PhaseKind.BUDGET_VOTE, slug=f"v-{n}-{i}")
        Budget.objects.create(process=vote, title=f"Budget {n}-{i}", amount_tnd=2_800_000)
        proposal = services.create_proposal(process, people["citizen"], title=f"Abri {n}-{i}",
                                            body="<p>Il fait chaud.</p>", sector=sector,
                                            latitude=33.88, longitude=10.10)
        process.phases.update(kind=PhaseKind.DEBATE)  # answers come with the debate
        services.answer_proposal(type(proposal).objects.get(pk=proposal.pk), people["municipal_staff"],
                                 AnswerState.REJECTED, "Hors du périmètre de la municipalité.")
        process.phases.update(kind=PhaseKind.PROPOSALS)
        project = project_services.create_project(
            people["organiser"], title_fr=f"Navette {n}-{i}", municipality=gabes, sector=sector,
            intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN)
        project_services.transition(project, Stage.QUALIFIED, people["organiser"], "Retenu par le comité.")


def home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_home_invites_to_act_at_a_fixed_number_of_queries(client, gabes, people, sector):
    add_everything(gabes, people, sector, 1)
    few, html = home_queries(client)
    assert "Participer maintenant" in html and "Gabès respire" in html
    assert 'href="/participer/concertations/p-1-0/proposer/"' in html and ">Proposer<" in html
    assert "Propositions · jusqu'au" in html and "encore 6 jours" in html
    assert "Budget 1-0" in html and "2\u00a0800\u00a0000 TND" in html and ">Voter<" in html
    assert "Vote du budget" in html
    assert "Étape 1-0" in html and "#inscription" in html and "S'inscrire" in html and "Cachée" not in html
    assert "Abri 1-0" in html and "non retenue" in html
    assert "Navette 1-0" in html and "qualifié depuis le" in html
    assert "projet au catalogue" in html and "proposition citoyenne" in html
    add_everything(gabes, people, sector, 2)
    add_everything(gabes, people, sector, 3)
    many, html = home_queries(client)
    assert many == few, "the home's queries grow with the data"
    assert html.count('class="card home-card"') == 4 * 4  # four of each block, however many there are


def test_hidden_and_unpublished_things_stay_off_the_home(client, gabes, people, sector):
    add_everything(gabes, people, sector, 1)
    from madina.participation.models import Process, Proposal

    Proposal.objects.update(is_hidden=True)
    Process.objects.filter(slug="v-1-0").update(is_published=False)
    html = client.get("/").content.decode()
    assert "Abri 1-0" not in html and "Les municipalités ont répondu" not in html
    assert "Budget 1-0" not in html


def test_an_empty_home_says_what_to_do_and_leaves_out_empty_blocks(client, db):
    html = client.get("/").content.decode()
    assert "Aucune concertation n'est ouverte en ce moment" in html
    assert 'href="/participer/"' in html
    for title in ("Budgets participatifs en cours", "prochaines étapes", "ont répondu", "projets qui avancent"):
        assert title not in html


def test_a_phase_closing_today_gives_hours_and_minutes(client, gabes):
    process = open_process(gabes)
    process.phases.update(ends_at=timezone.now() + timedelta(hours=3, minutes=40, seconds=30))
    assert "encore 3 h 40" in client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/").content.decode()
    assert "3 س 40 د" in html and '<html lang="ar" dir="rtl">' in html


def test_the_home_in_arabic_and_english(client, gabes, people, sector):
    add_everything(gabes, people, sector, 1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/").content.decode()
    assert "2.800.000 د.ت" in html and "6 أيام" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "2,800,000 TND" in html and "6 days" in html


@pytest.mark.parametrize("days", [0, 1])
def test_todays_and_tomorrows_stops_are_coming(client, gabes, days):
    today = timezone.localdate()
    edition = Edition.objects.create(slug="e", name="E", start_date=today, end_date=today, is_published=True)
    Stop.objects.create(edition=edition, order=1, name="Sbeïtla", latitude=35.2, longitude=9.1,
                        date=today + timedelta(days=days))
    Stop.objects.create(edition=edition, order=2, name="Hier", latitude=35.2, longitude=9.1,
                        date=today - dt.timedelta(days=1))
    html = client.get("/").content.decode()
    block = html.split('id="next-stops-title"')[1].split("</section>")[0]
    assert "Sbeïtla" in block and "Hier" not in block


def test_the_home_stays_cacheable_for_visitors(client, settings, gabes):
    settings.MADINA_PAGE_CACHE_SECONDS = 30
    open_process(gabes)
    first = client.get("/")
    assert not first.cookies and "private" not in first.get("Cache-Control", "")
    assert "Age" not in first and client.get("/")["Age"] == "0"  # the second visitor is served the kept page


def test_cards_show_a_picture_or_the_sober_drawing(client, gabes, people, sector):
    from madina.participation.models import Process

    add_everything(gabes, people, sector, 1)
    Process.objects.filter(slug="p-1-0").update(image="participation/pictures/2026/oasis.jpg", image_alt="L'oasis")
    html = client.get("/").content.decode()
    assert 'src="/media/participation/pictures/2026/oasis.jpg?w=640" alt="L&#x27;oasis"' in html
    assert html.count('class="picture picture-card picture-default"') >= 3  # budget, stop, project drawn


def test_pictures_show_on_the_homes_cards(client, gabes, people, sector, settings, tmp_path):
    from madina.territory import services as territory_services
    from tests.pictures import jpeg_with_gps

    settings.MEDIA_ROOT = tmp_path
    process = open_process(gabes, slug="avec-image")
    services.set_picture(process, people["municipal_staff"], upload=jpeg_with_gps())
    territory_services.set_municipality_picture(gabes, people["municipal_staff"], upload=jpeg_with_gps())
    today = timezone.localdate()
    edition = Edition.objects.create(slug="ed", name="Caravane", start_date=today, is_published=True,
                                     end_date=today + timedelta(days=3))
    Stop.objects.create(edition=edition, order=1, municipality=gabes, name="Gabès", latitude=33.88, longitude=10.1,
                        date=today + timedelta(days=1), venue="Maison de la culture")
    process.refresh_from_db()
    gabes.refresh_from_db()
    html = client.get("/").content.decode()
    assert f'src="{process.image.url}?w=640"' in html and f'src="{gabes.image.url}?w=640"' in html
