"""Territory fixtures. The full import takes about 0.8 s (SQLite) on the 2-core machine, so tests that only need
some places import a subset (four governorates and their municipalities) written once per session."""

import json

import pytest
from django.conf import settings
from django.core.cache import cache

from madina.accounts.models import Role, User
from madina.accounts.services import grant_role
from madina.core.permissions import OPERATOR
from madina.territory.demo import load_demo_perimeters
from madina.territory.importer import import_file
from madina.territory.models import Governorate, Municipality

SOURCE = settings.DATA_DIR / "territory"
SUBSET = {"Tunis", "Bizerte", "Gabes", "Sfax"}


def read_source(name):
    return json.loads((SOURCE / name).read_text(encoding="utf-8-sig"))


def write_geojson(path, features, bom=False):
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def subset_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("territory")
    governorates = [f for f in read_source("governorates.geojson")["features"] if f["properties"]["NAME_EN"] in SUBSET]
    municipalities = [
        f for f in read_source("municipalities.geojson")["features"] if f["properties"]["gouv_name"] in SUBSET
    ]
    return (
        write_geojson(folder / "governorates.geojson", governorates),
        write_geojson(folder / "municipalities.geojson", municipalities, bom=True),
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def territory(db, subset_files):
    for path in subset_files:
        import_file(path)


@pytest.fixture
def full_territory(db):
    for name in ("governorates.geojson", "municipalities.geojson"):
        import_file(SOURCE / name)


@pytest.fixture
def demo(territory):
    assert load_demo_perimeters() == 3


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email, role=None, *, governorate=None, municipality=None):
    user = User.objects.create_user(email, "Madina-Test-2020")
    if role:
        grant_role(
            user,
            role,
            governorate=Governorate.objects.get(slug=governorate) if governorate else None,
            municipality=Municipality.objects.get(slug=municipality) if municipality else None,
            by=OPERATOR,
        )
    return user


@pytest.fixture
def users(territory):
    return {
        "citizen": make_user("citizen@example.tn"),
        "gabes_staff": make_user("agent@gabes.tn", Role.MUNICIPAL_STAFF, municipality="gabes"),
        "bizerte_staff": make_user("agent@bizerte.tn", Role.MUNICIPAL_STAFF, municipality="bizerte"),
        "gabes_governorate": make_user("gouvernorat@gabes.tn", Role.GOVERNORATE_STAFF, governorate="gabes"),
        "organiser": make_user("organisation@madina.tn", Role.ORGANISER),
    }
