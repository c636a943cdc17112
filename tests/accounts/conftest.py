import pytest
from django.core.cache import cache

from madina.accounts.models import User
from madina.territory.models import Governorate, Municipality

PASSWORD = "Caravane-2020-Sbeitla"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a few hundred milliseconds per password, by design; tests need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def places(db):
    gabes = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès")
    bizerte = Governorate.objects.create(slug="bizerte", iso_code="TN-23", name="Bizerte")
    return {
        "gabes": gabes,
        "bizerte": bizerte,
        "gabes_city": Municipality.objects.create(governorate=gabes, slug="gabes-ville", name="Gabès"),
        "el_hamma": Municipality.objects.create(governorate=gabes, slug="el-hamma", name="El Hamma"),
        "bizerte_city": Municipality.objects.create(governorate=bizerte, slug="bizerte-ville", name="Bizerte"),
    }


def make_user(email, *, verified=True, password=PASSWORD, **extra):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email, password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


@pytest.fixture
def citizen(db):
    return make_user("amel@example.tn")
