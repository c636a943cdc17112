"""A small synthetic territory (three square municipalities, one perimeter, two caravan stops) so that the
project tests run in milliseconds; the demo test alone loads the real data."""

import datetime
import importlib

import pytest
from django.apps import apps
from shapely.geometry import box

from madina.accounts.models import Role, RoleAssignment, User
from madina.caravan.models import Edition, Stop
from madina.projects import services
from madina.projects.models import Intervention, Origin, Sector
from madina.territory.models import Governorate, Municipality, Perimeter
from madina.territory.services import search_text_of


def _place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    if model is Municipality:
        obj.search_text = search_text_of(obj)  # as the importer stores it
    obj.save()
    return obj


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def defaults(db):
    """The sectors and criteria the data migration seeds. Transactional tests (browser tests, anyone's) flush
    the tables, so the seed runs again here when they are missing; it only fills what is absent."""
    importlib.import_module("madina.projects.migrations.0002_default_sectors_and_criteria").seed(apps, None)


@pytest.fixture
def places(defaults):
    sfax_g = _place(Governorate, box(10.5, 34.5, 11.0, 35.0), slug="sfax", iso_code="TN-61", name="Sfax", name_fr="Sfax", name_ar="صفاقس")
    gabes_g = _place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name="Gabès", name_fr="Gabès", name_ar="قابس")
    sfax = _place(Municipality, box(10.70, 34.70, 10.80, 34.80), governorate=sfax_g, slug="sfax", name="Sfax", name_fr="Sfax", name_ar="صفاقس")
    ezzit = _place(Municipality, box(10.80, 34.70, 10.90, 34.80), governorate=sfax_g, slug="sakiet-ezzit", name="Sakiet Ezzit", name_fr="Sakiet Ezzit", name_ar="ساقية الزيت")
    gabes = _place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=gabes_g, slug="gabes", name="Gabès", name_fr="Gabès", name_ar="قابس")
    oasis = _place(Perimeter, box(10.09, 33.88, 10.11, 33.90), municipality=gabes, slug="gabes-oasis", name="Gabès Oasis Intelligente", name_fr="Gabès Oasis Intelligente")
    edition = Edition.objects.create(slug="2020", name="Caravane 2020", start_date=datetime.date(2020, 3, 9), end_date=datetime.date(2020, 3, 16), is_published=True)
    stop_gabes = Stop.objects.create(edition=edition, order=16, municipality=gabes, name="Gabès", latitude=33.88, longitude=10.098)
    stop_sfax = Stop.objects.create(edition=edition, order=17, municipality=sfax, name="Sfax", latitude=34.74, longitude=10.76)
    return {
        "sfax_g": sfax_g, "gabes_g": gabes_g, "sfax": sfax, "ezzit": ezzit, "gabes": gabes, "oasis": oasis,
        "edition": edition, "stop_gabes": stop_gabes, "stop_sfax": stop_sfax,
    }


def make_user(email, role=None, *, governorate=None, municipality=None):
    user = User.objects.create_user(email, "Madina-Test-2020")
    if role:
        RoleAssignment.objects.create(user=user, role=role, governorate=governorate, municipality=municipality)
    return user


@pytest.fixture
def people(places):
    return {
        "organiser": make_user("org@example.tn", Role.ORGANISER),
        "sfax_governorate": make_user("gov-sfax@example.tn", Role.GOVERNORATE_STAFF, governorate=places["sfax_g"]),
        "gabes_governorate": make_user("gov-gabes@example.tn", Role.GOVERNORATE_STAFF, governorate=places["gabes_g"]),
        "sfax_municipal": make_user("sfax@example.tn", Role.MUNICIPAL_STAFF, municipality=places["sfax"]),
        "ezzit_municipal": make_user("ezzit@example.tn", Role.MUNICIPAL_STAFF, municipality=places["ezzit"]),
        "gabes_municipal": make_user("gabes@example.tn", Role.MUNICIPAL_STAFF, municipality=places["gabes"]),
        "citizen": make_user("citoyen@example.tn"),
    }


@pytest.fixture
def sector(defaults):
    return Sector.objects.get(code="MOB")


@pytest.fixture
def new_project(places, people, sector):
    """Create a project through the service, as the organiser, with sensible defaults."""

    def make(**overrides):
        data = {
            "title_fr": "Navette électrique", "municipality": places["sfax"], "sector": sector,
            "intervention": Intervention.CITY_WIDE, "origin": Origin.MUNICIPAL_PLAN,
            "geometry": {"type": "Point", "coordinates": [10.75, 34.75]},
        }
        data.update(overrides)
        return services.create_project(people["organiser"], **data)

    return make
