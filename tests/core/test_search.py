# ruff: noqa: F811  (participation's fixtures, imported by name, are the tests' arguments)
"""The site-wide search: every kind the apps register, found with the shared fold in French, Arabic and English,
only what any visitor may read, grouped with counts, at a fixed number of queries, and a clear word for a query
that cannot be searched (never an error page)."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madina.caravan.models import Edition, Stop
from madina.core import search
from madina.participation import services
from madina.participation.models import Process, Proposal
from madina.projects import services as project_services
from madina.projects.models import Intervention, Origin
from madina.territory.models import Governorate, Municipality, Perimeter
from madina.territory.services import search_text_of
from tests.participation.conftest import (  # noqa: F401 (fixtures)
    _fast_hashing_and_immediate_tasks,
    make_user,
    open_process,
    sector,
)


@pytest.fixture(autouse=True)
def _many_proposals_by_one_person(settings):
    settings.PARTICIPATION_PROPOSAL_RATE = (1000, 60)


@pytest.fixture
def sbeitla(db):
    governorate = Governorate.objects.create(slug="kasserine", iso_code="TN-42", name_fr="Kasserine",
                                             name_ar="القصرين")
    town = Municipality(governorate=governorate, slug="sbeitla", name_fr="Sbeïtla", name_ar="سبيطلة",
                        name_en="Sbeitla")
    town.search_text = search_text_of(town)
    town.save()
    return town


@pytest.fixture
def things(sbeitla, sector):
    """One of each kind in Sbeïtla, public, and their hidden, draft or unpublished twins."""
    citizen = make_user("amel@example.tn")
    process = open_process(sbeitla, slug="sbeitla-2026")
    Process.objects.filter(pk=process.pk).update(title_ar="تنفس سبيطلة", title_en="Sbeitla breathes")
    draft_process = open_process(sbeitla, slug="brouillon")
    Process.objects.filter(pk=draft_process.pk).update(is_published=False, title_fr="Concertation secrète")
    def propose(title, on=process):
        return services.create_proposal(on, citizen, title=title, body="<p>Près de l'arc de Dioclétien.</p>",
                                        sector=sector, latitude=35.23, longitude=9.13)
    propose("Ombrière au marché")
    hidden = propose("Ombrière cachée")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    draft = propose("Ombrière en brouillon")
    Proposal.objects.filter(pk=draft.pk).update(state="draft")
    Proposal.objects.filter(pk=propose("Ombrière du brouillon", on=draft_process).pk)
    project_services.create_project(
        make_user("org@madina.tn", "organiser"), title_fr="Éclairage solaire des thermes", municipality=sbeitla,
        sector=sector, intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN)
    Perimeter.objects.create(municipality=sbeitla, slug="centre", name_fr="Centre antique", name_ar="المركز الأثري")
    day = dt.date(2020, 3, 9)
    edition = Edition.objects.create(slug="2020", name="Caravane 2020", start_date=day, end_date=day, is_published=True)
    Stop.objects.create(edition=edition, order=1, municipality=sbeitla, name_fr="Sbeïtla", name_ar="سبيطلة",
                        latitude=35.23, longitude=9.13, date=day)
    hidden_edition = Edition.objects.create(slug="2027", name="Brouillon", start_date=day, end_date=day)
    Stop.objects.create(edition=hidden_edition, order=1, name_fr="Étape future de Sbeïtla", latitude=35.23,
                        longitude=9.13)
    return process


def kinds(html: str) -> list[str]:
    import re

    return re.findall(r'<section class="search-group" aria-labelledby="search-(\w+)">', html)


def test_sbeitla_without_its_accent_finds_every_kind(client, things):
    html = client.get("/recherche/", {"q": "sbeitla"}).content.decode()
    assert kinds(html) == ["municipalities", "processes", "projects", "perimeters", "stops"]  # in the registered order
    assert 'href="/territoire/municipalites/sbeitla/"' in html or "Sbeïtla" in html
    assert "Gabès respire" in html and "Éclairage solaire des thermes" in html
    assert "Étape future" not in html and "Concertation secrète" not in html


def test_arabic_with_vowel_marks_finds_arabic(client, things):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/recherche/", {"q": "سَبِيطْلَة"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert kinds(html) == ["municipalities", "processes", "projects", "perimeters", "stops"]
    assert "تنفس سبيطلة" in html  # the process under its Arabic title
    assert "المركز الأثري" in html  # a perimeter is found by its municipality's names too
    html = client.get("/recherche/", {"q": "المركز الاثري"}).content.decode()
    assert kinds(html) == ["perimeters"] and "المركز الأثري" in html


def test_english_title_and_words_in_any_order(client, things):
    assert kinds(client.get("/recherche/", {"q": "breathes SBEITLA"}).content.decode()) == ["processes"]


def test_only_what_a_visitor_may_read_is_found(client, things):
    html = client.get("/recherche/", {"q": "ombriere"}).content.decode()
    assert kinds(html) == ["proposals"]
    assert "Ombrière au marché" in html
    assert "cachée" not in html and "en brouillon" not in html and "du brouillon" not in html
    assert '<span class="count">(1)</span>' in html


def test_see_all_opens_the_kinds_own_list_filtered_alike(client, things, sbeitla, sector):
    organiser = make_user("org2@madina.tn", "organiser")
    for i in range(7):
        project_services.create_project(organiser, title_fr=f"Navette {i}", municipality=sbeitla, sector=sector,
                                        intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN)
    html = client.get("/recherche/", {"q": "Sbeïtla"}).content.decode()
    assert '<span class="count">(8)</span>' in html
    assert 'href="/projets/?q=sbeitla"' in html
    catalogue = client.get("/projets/", {"q": "sbeitla"}).content.decode()
    assert "Navette 6" in catalogue and "Éclairage solaire des thermes" in catalogue


@pytest.mark.parametrize(("typed", "said"), [
    ("", "Tapez un ou plusieurs mots"),
    ("     ", "Tapez un ou plusieurs mots"),
    ("%", "aucune lettre ni aucun chiffre"),
    ("_", "aucune lettre ni aucun chiffre"),
    ("%_%", "aucune lettre ni aucun chiffre"),
    ("ـَـ", "aucune lettre ni aucun chiffre"),  # tatweel and a vowel mark: nothing left once folded
    ("🙂 !", "aucune lettre ni aucun chiffre"),
    ("sbeitla " * 30, "trop longue : 100 caractères au plus"),
])
def test_odd_queries_are_answered_in_words(client, things, typed, said):
    response = client.get("/recherche/", {"q": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert said in html and 'role="alert"' in html and kinds(html) == []


def test_wildcards_inside_words_match_literally(client, things):
    html = client.get("/recherche/", {"q": "100%"}).content.decode()
    assert "Rien ne correspond" in html and kinds(html) == []


def test_the_page_without_a_query_only_offers_the_box(client, db):
    html = client.get("/recherche/").content.decode()
    assert 'id="search-page-q"' in html and 'role="alert"' not in html


@pytest.mark.parametrize("typed", ["sbei\x00tla", "\x00"])
def test_a_nul_character_is_a_bad_request_not_a_failure(client, db, typed):
    assert client.get("/recherche/", {"q": typed}).status_code == 400


def test_nothing_found_says_so(client, things):
    html = client.get("/recherche/", {"q": "zzzz"}).content.decode()
    assert "Rien ne correspond à « <bdi>zzzz</bdi> »" in html


def test_the_search_costs_the_same_queries_however_much_matches(client, things, sbeitla, sector):
    citizen = make_user("karim@example.tn")
    services.create_proposal(things, citizen, title="Ombrière 0 de Sbeïtla", body="<p>…</p>", sector=sector,
                             latitude=35.23, longitude=9.13)
    with CaptureQueriesContext(connection) as few:
        client.get("/recherche/", {"q": "sbeitla ombriere"})
    for i in range(1, 30):
        services.create_proposal(things, citizen, title=f"Ombrière {i} de Sbeïtla", body="<p>…</p>", sector=sector,
                                 latitude=35.23, longitude=9.13)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/recherche/", {"q": "sbeitla ombriere"}).content.decode()
    assert '<span class="count">(30)</span>' in html and html.count("Ombrière ") == search.SHOWN
    assert len(many) == len(few)


def test_the_header_of_every_page_carries_the_box(client, db):
    for path in ("/", "/projets/", "/recherche/?q=x"):
        html = client.get(path).content.decode()
        assert '<form class="site-search" action="/recherche/" method="get" role="search">' in html
        assert 'name="q" type="search" maxlength="100"' in html


def test_the_api_answers_the_same_groups(client, things):
    answer = client.get("/api/v1/search", {"q": "sbeitla"}).json()
    assert [group["kind"] for group in answer["groups"]] == ["municipalities", "processes", "projects", "perimeters", "stops"]
    projects = answer["groups"][2]
    assert projects["count"] == 1 and projects["hits"][0]["url"].startswith("/projets/")
    problem = client.get("/api/v1/search", {"q": "%"})
    assert problem.status_code == 422 and "aucune lettre" in problem.json()["detail"]
