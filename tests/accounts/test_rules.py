"""Who manages which municipality: the predicates the territory and later apps build on."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madina.accounts.models import Role, User
from madina.accounts.rules import is_moderator, is_organiser, is_staff_member, manages_municipality
from madina.accounts.services import grant_role
from madina.core.permissions import OPERATOR

from .conftest import make_user

pytestmark = pytest.mark.django_db

EVERY_MUNICIPALITY = ["gabes_city", "el_hamma", "bizerte_city"]


def managed(user, places):
    user = User.objects.get(pk=user.pk) if user.is_authenticated else user  # a fresh request's user
    return {name for name in EVERY_MUNICIPALITY if manages_municipality(user, places[name])}


def test_a_national_organiser_manages_every_municipality(places):
    organiser = make_user("organisatrice@example.tn")
    grant_role(organiser, Role.ORGANISER, by=OPERATOR)
    assert managed(organiser, places) == set(EVERY_MUNICIPALITY)
    assert is_organiser(organiser) and is_staff_member(organiser)


def test_a_superuser_counts_as_an_organiser(places):
    root = User.objects.create_superuser("root@example.tn", "x")
    assert managed(root, places) == set(EVERY_MUNICIPALITY)


def test_gabes_governorate_staff_manage_gabes_municipalities_not_bizerte(places):
    agent = make_user("wilaya.gabes@example.tn")
    grant_role(agent, Role.GOVERNORATE_STAFF, governorate=places["gabes"], by=OPERATOR)
    assert managed(agent, places) == {"gabes_city", "el_hamma"}
    assert is_staff_member(agent) and not is_organiser(agent)


def test_gabes_municipal_staff_manage_gabes_only(places):
    agent = make_user("baladiya.gabes@example.tn")
    grant_role(agent, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    assert managed(agent, places) == {"gabes_city"}
    assert is_staff_member(agent)


def test_a_moderator_moderates_but_manages_no_municipality(places):
    moderator = make_user("moderation@example.tn")
    grant_role(moderator, Role.MODERATOR, municipality=places["gabes_city"], by=OPERATOR)
    assert managed(moderator, places) == set()
    assert is_moderator(moderator) and not is_staff_member(moderator)


def test_a_citizen_manages_nothing(places, citizen):
    assert managed(citizen, places) == set()
    assert not (is_organiser(citizen) or is_moderator(citizen) or is_staff_member(citizen))


def test_an_anonymous_visitor_manages_nothing(places):
    visitor = AnonymousUser()
    assert managed(visitor, places) == set()
    assert not (is_organiser(visitor) or is_moderator(visitor) or is_staff_member(visitor))
    assert not manages_municipality(visitor, None)


def test_the_manage_everything_permission_follows_the_organiser_role(citizen):
    assert not citizen.has_perm("accounts.manage_everything")
    grant_role(citizen, Role.ORGANISER, by=OPERATOR)
    assert User.objects.get(pk=citizen.pk).has_perm("accounts.manage_everything")
