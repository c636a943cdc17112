"""Shared fixtures of the caravan tests: people with roles, a small future edition, background tasks run at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from madina.accounts.models import Role, RoleAssignment, User
from madina.caravan.models import Edition, Stop
from madina.territory.importer import import_file

# Five towns of the Sfax and Mahdia coast (GeoNames positions), a day's drive apart at most.
TOWNS = [
    ("Sfax", "صفاقس", "34.74056", "10.76028"),
    ("Sakiet Ezzit", "ساقية الزيت", "34.80000", "10.76667"),
    ("Sakiet Eddaier", "ساقية الدائر", "34.79435", "10.80617"),
    ("El Jem", "الجم", "35.29672", "10.70795"),
    ("Mahdia", "المهدية", "35.50472", "11.06222"),
]
PASSWORD = "Madina-Test-2020"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run inside the request (or the on-commit hook) that enqueues them; the planner gets a short budget."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MADINA_TOUR_SECONDS = 3
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email, role=None):
    user = User.objects.create_user(email, PASSWORD)
    if role:
        RoleAssignment.objects.create(user=user, role=role)
    return user


@pytest.fixture
def organiser(db):
    return make_user("organisation@madina.tn", Role.ORGANISER)


@pytest.fixture
def citizen(db):
    return make_user("citoyenne@example.tn")


def future_edition(slug="cote-2030", days=3, published=False, **fields) -> Edition:
    start = timezone.localdate() + dt.timedelta(days=30)
    edition = Edition.objects.create(
        slug=slug, name_fr="Caravane de la côte", name_ar="قافلة الساحل", start_date=start,
        end_date=start + dt.timedelta(days=days - 1), is_published=published, **fields,
    )
    for order, (name, name_ar, lat, lon) in enumerate(TOWNS, start=1):
        Stop.objects.create(edition=edition, order=order, name_fr=name, name_ar=name_ar, governorate_name="Sfax",
                            latitude=Decimal(lat), longitude=Decimal(lon))
    edition.stop_count = len(TOWNS)
    edition.save(update_fields=["stop_count"])
    return edition


@pytest.fixture
def coast(db):
    return future_edition()


def load_territory():
    """The whole territory (24 governorates, 350 municipalities) from the project's data files."""
    for name in ("governorates.geojson", "municipalities.geojson"):
        import_file(settings.DATA_DIR / "territory" / name)


@pytest.fixture
def territory(db):
    load_territory()
