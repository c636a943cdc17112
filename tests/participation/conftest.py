"""Fixtures for participation: Gabès with a square boundary, people in every role, processes in each phase."""

from datetime import timedelta

import pytest
from django.utils import timezone
from shapely.geometry import box

from madina.accounts.models import Role, RoleAssignment, User
from madina.core.permissions import OPERATOR
from madina.participation import services
from madina.participation.phases import PhaseKind
from madina.projects.models import Sector
from madina.territory.models import Governorate, Municipality

# A square around the centre of Gabès; (33.88, 10.10) is inside, (33.70, 10.10) outside.
GABES_BOX = box(10.05, 33.85, 10.15, 33.92)
INSIDE = (33.88, 10.10)
OUTSIDE = (33.70, 10.10)
PASSWORD = "Sbeitla-2020-caravane"


@pytest.fixture(autouse=True)
def _fast_hashing_and_immediate_tasks(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def gabes(db):
    governorate = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès")
    municipality = Municipality(governorate=governorate, slug="gabes-ville", name="Gabès")
    municipality.set_geometry(GABES_BOX)
    municipality.save()
    return municipality


@pytest.fixture
def el_hamma(gabes):
    return Municipality.objects.create(governorate=gabes.governorate, slug="el-hamma", name="El Hamma")


@pytest.fixture
def sfax(db):
    governorate = Governorate.objects.create(slug="sfax", iso_code="TN-61", name="Sfax")
    return Municipality.objects.create(governorate=governorate, slug="sfax-ville", name="Sfax")


@pytest.fixture
def sector(db):
    return Sector.objects.order_by("order").first() or Sector.objects.create(code="MOB", name="Mobilité")


def make_user(email, role=None, **scope):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email, PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def people(gabes, sfax):
    """One person per role, with the scopes that matter for Gabès."""
    return {
        "citizen": make_user("amel@example.tn"),
        "other_citizen": make_user("karim@example.tn"),
        "municipal_staff": make_user("mairie@gabes.tn", Role.MUNICIPAL_STAFF, municipality=gabes),
        "governorate_staff": make_user("gouvernorat@gabes.tn", Role.GOVERNORATE_STAFF, governorate=gabes.governorate),
        "organiser": make_user("organisation@madina.tn", Role.ORGANISER),
        "moderator": make_user("moderation@madina.tn", Role.MODERATOR),
        "foreign_staff": make_user("mairie@sfax.tn", Role.MUNICIPAL_STAFF, municipality=sfax),
    }


def open_process(municipality, kind=PhaseKind.PROPOSALS, slug="gabes-2025", **extra):
    """A process whose current phase is `kind` (started a day ago, ends in a week)."""
    now = timezone.now()
    process = services.create_process(OPERATOR, municipality=municipality, slug=slug, title="Gabès respire", **extra)
    services.add_phase(process, OPERATOR, kind, now - timedelta(days=1), now + timedelta(days=7))
    return process


def set_phase(process, kind):
    """Replace the process's phases with one current phase of `kind`."""
    now = timezone.now()
    process.phases.all().delete()
    services.add_phase(process, OPERATOR, kind, now - timedelta(days=1), now + timedelta(days=7))
    return fresh(process)


def fresh(obj):
    """A new instance, so that phases cached on the old one are read again."""
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def process(gabes):
    return open_process(gabes)


@pytest.fixture
def proposal(process, people, sector):
    return services.create_proposal(
        process, people["citizen"], title="Un abri pour l'arrêt de bus", body="<p>Il fait chaud.</p>",
        sector=sector, latitude=INSIDE[0], longitude=INSIDE[1],
    )
