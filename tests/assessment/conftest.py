"""A small world for readiness campaigns: two governorates, three municipalities (two of them caravan stops),
their staff, an organiser (the national reviewer) and a citizen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from shapely.geometry import box

from madina.accounts.models import Role, RoleAssignment, User
from madina.caravan.models import Edition, Stop
from madina.core.permissions import OPERATOR
from madina.questionnaires.models import Questionnaire
from madina.questionnaires.readiness import SLUG
from madina.territory.models import Governorate, Municipality

PASSWORD = "Madina-Test-2020"


def place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    obj.save()
    return obj


def person(email, role=None, **scope):
    user = User.objects.create_user(email, PASSWORD)
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    gabes_g = place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name="Gabès")
    sfax_g = place(Governorate, box(10.5, 34.5, 11.0, 35.0), slug="sfax", iso_code="TN-61", name="Sfax")
    gabes = place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=gabes_g, slug="gabes", name="Gabès")
    sfax = place(Municipality, box(10.70, 34.70, 10.80, 34.80), governorate=sfax_g, slug="sfax", name="Sfax")
    thyna = place(Municipality, box(10.60, 34.60, 10.69, 34.69), governorate=sfax_g, slug="thyna", name="Thyna")
    edition = Edition.objects.create(slug="sud-2030", name="Caravane du sud", start_date=dt.date(2030, 3, 9),
                                     end_date=dt.date(2030, 3, 11), is_published=True)
    for order, municipality in enumerate((gabes, sfax), 1):
        Stop.objects.create(edition=edition, order=order, municipality=municipality, name=municipality.name,
                            latitude=Decimal("34.0"), longitude=Decimal("10.1"))
    return {
        "gabes": gabes, "sfax": sfax, "thyna": thyna, "edition": edition,
        "questionnaire": Questionnaire.objects.get(slug=SLUG, version=1),
        "organiser": person("organisation@madina.tn", Role.ORGANISER),
        "gabes_staff": person("mairie@gabes.tn", Role.MUNICIPAL_STAFF, municipality=gabes),
        "sfax_staff": person("mairie@sfax.tn", Role.MUNICIPAL_STAFF, municipality=sfax),
        "citizen": person("amel@example.tn"),
    }


def open_campaign(world, **fields):
    from madina.assessment import services

    values = {"slug": "maturite-2030", "title_fr": "Maturité 2030", "questionnaire": world["questionnaire"],
              "edition": world["edition"], "closes_on": timezone.localdate() + dt.timedelta(days=30),
              "threshold": Decimal(3), "floor": Decimal(2), "margin": Decimal("0.5")}
    return services.open_campaign(OPERATOR, **{**values, **fields})


def levels(questionnaire, level_of=lambda dimension: 3) -> dict:
    """An answer for every question: each dimension's level chosen by `level_of(dimension code)`."""
    return {q.code: level_of(q.dimension.code) for q in questionnaire.questions.select_related("dimension")}


@pytest.fixture
def campaign(world):
    return open_campaign(world)
