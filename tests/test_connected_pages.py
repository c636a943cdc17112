"""A place's page lists what happens there, from the apps above territory (each registers its section through
territory.connections): a municipality's and a governorate's projects by stage, processes, budgets and caravan
stops, a perimeter's projects, processes and budgets; each of those links back to its place. Query counts do
not grow with the number of projects."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from shapely.geometry import box

from madina.budgeting.models import Budget
from madina.caravan.models import Edition, Stop
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.projects import services as projects
from madina.projects.models import Intervention, Origin, Sector, Stage
from madina.territory.models import Governorate, Municipality, Perimeter


def _place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    obj.save()
    return obj


@pytest.fixture
def gabes(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    importlib.import_module("madina.projects.migrations.0002_default_sectors_and_criteria").seed(apps, None)
    governorate = _place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name="Gabès")
    town = _place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=governorate, slug="gabes-ville",
                  name="Gabès")
    oasis = _place(Perimeter, box(10.06, 33.86, 10.08, 33.88), municipality=town, slug="oasis", name="Oasis")
    other = _place(Municipality, box(10.5, 34.5, 10.6, 34.6),
                   governorate=_place(Governorate, box(10.4, 34.4, 11, 35), slug="sfax", iso_code="TN-61",
                                      name="Sfax"), slug="sfax", name="Sfax")
    return {"governorate": governorate, "town": town, "oasis": oasis, "other": other}


def _project(municipality, title, perimeter=None):
    point = [(municipality.min_lon + municipality.max_lon) / 2, (municipality.min_lat + municipality.max_lat) / 2]
    if perimeter is not None:
        point = [(perimeter.min_lon + perimeter.max_lon) / 2, (perimeter.min_lat + perimeter.max_lat) / 2]
    return projects.create_project(
        OPERATOR, title_fr=title, municipality=municipality, perimeter=perimeter,
        sector=Sector.objects.get(code="MOB"),
        intervention=Intervention.RETROFIT if perimeter else Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN,
        geometry={"type": "Point", "coordinates": point})


@pytest.fixture
def happening(gabes):
    town, oasis = gabes["town"], gabes["oasis"]
    shuttle = _project(town, "Navette électrique")
    _project(town, "Goutte-à-goutte connecté", perimeter=oasis)
    projects.transition(shuttle, Stage.QUALIFIED, OPERATOR, "Retenu à l'atelier")
    _project(gabes["other"], "Tramway de Sfax")
    now = timezone.now()
    process = participation.create_process(OPERATOR, municipality=town, perimeter=oasis, slug="oasis-2026",
                                           title="L'oasis demain")
    participation.add_phase(process, OPERATOR, PhaseKind.PROPOSALS, now - dt.timedelta(days=1),
                            now + dt.timedelta(days=9))
    draft = participation.create_process(OPERATOR, municipality=town, slug="brouillon", title="Pas encore publiée")
    participation.set_published(draft, OPERATOR, False)
    budget = Budget.objects.create(process=process, title="Budget de l'oasis", amount_tnd=300_000)
    edition = Edition.objects.create(slug="sud", name="Caravane du Sud", start_date=dt.date(2026, 3, 9),
                                     end_date=dt.date(2026, 3, 11), is_published=True)
    stop = Stop.objects.create(edition=edition, order=1, municipality=town, governorate=gabes["governorate"],
                               name="Gabès", latitude=Decimal("33.88"), longitude=Decimal("10.10"))
    return {"process": process, "budget": budget, "stop": stop, "shuttle": shuttle}


def test_a_municipality_lists_what_happens_there(client, gabes, happening):
    html = client.get(gabes["town"].get_absolute_url()).content.decode()
    for shown in ("Navette électrique", "Goutte-à-goutte connecté", "L&#x27;oasis demain", "Budget de l&#x27;oasis",
                  "Caravane du Sud", "Oasis", "Qualifié", "Idée"):
        assert shown in html, shown
    assert "Tramway de Sfax" not in html and "Pas encore publiée" not in html
    assert "?municipality=gabes-ville&amp;stage=qualified" in html
    assert happening["stop"].get_absolute_url() in html and happening["budget"].get_absolute_url() in html


def test_a_governorate_and_a_perimeter_list_theirs(client, gabes, happening):
    html = client.get(gabes["governorate"].get_absolute_url()).content.decode()
    for shown in ("Navette électrique", "L&#x27;oasis demain", "Budget de l&#x27;oasis", "Caravane du Sud",
                  gabes["oasis"].get_absolute_url()):
        assert shown in html, shown
    assert "Tramway de Sfax" not in html
    html = client.get(gabes["oasis"].get_absolute_url()).content.decode()
    assert "Goutte-à-goutte connecté" in html and "L&#x27;oasis demain" in html and "Budget de l&#x27;oasis" in html
    assert "Navette électrique" not in html and "Caravane du Sud" not in html


def test_each_links_back_to_its_place(client, gabes, happening):
    town = gabes["town"].get_absolute_url()
    for page in (happening["process"].get_absolute_url(), happening["budget"].get_absolute_url(),
                 happening["stop"].get_absolute_url(), happening["shuttle"].get_absolute_url()):
        assert f'href="{town}"' in client.get(page).content.decode(), page


def test_a_place_page_costs_the_same_with_more_projects(client, gabes, happening, django_assert_max_num_queries):
    url = gabes["governorate"].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    for i in range(12):
        _project(gabes["town"], f"Projet {i}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get(url).content.decode()
    assert "Les 13 projets à cette étape" in html
