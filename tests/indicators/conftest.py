"""A small territory (two governorates, three municipalities with populations), the U4SSC catalogue the data
migration loads (loaded again when a transactional test flushed it), and people with roles."""

import importlib

import pytest
from django.apps import apps
from shapely.geometry import box

from madina.accounts.models import Role, RoleAssignment, User
from madina.territory.models import Governorate, Municipality


def _place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    obj.save()
    return obj


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def catalogue(db):
    importlib.import_module("madina.indicators.migrations.0002_u4ssc_catalogue").load(apps, None)


@pytest.fixture
def places(catalogue):
    sfax_g = _place(Governorate, box(10.5, 34.5, 11.0, 35.0), slug="sfax", iso_code="TN-61", name="Sfax",
                    name_fr="Sfax", name_ar="صفاقس")
    gabes_g = _place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name="Gabès",
                     name_fr="Gabès", name_ar="قابس")
    sfax = _place(Municipality, box(10.70, 34.70, 10.80, 34.80), governorate=sfax_g, slug="sfax", name="Sfax",
                  name_fr="Sfax", name_ar="صفاقس", population=330_440)
    ezzit = _place(Municipality, box(10.80, 34.70, 10.90, 34.80), governorate=sfax_g, slug="sakiet-ezzit",
                   name="Sakiet Ezzit", name_fr="Sakiet Ezzit", name_ar="ساقية الزيت", population=102_000)
    gabes = _place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=gabes_g, slug="gabes", name="Gabès",
                   name_fr="Gabès", name_ar="قابس", population=130_984)
    return {"sfax_g": sfax_g, "gabes_g": gabes_g, "sfax": sfax, "ezzit": ezzit, "gabes": gabes}


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
        "sfax_municipal": make_user("sfax@example.tn", Role.MUNICIPAL_STAFF, municipality=places["sfax"]),
        "citizen": make_user("citoyen@example.tn"),
    }
