"""Granting and revoking roles, and the database's own guard on role scopes (SQLite and PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from madina.accounts.models import Role, RoleAssignment
from madina.accounts.services import grant_role, revoke_role
from madina.core.errors import Invalid, NotAllowed
from madina.core.permissions import OPERATOR

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return make_user("rania@example.tn")


def test_granting_a_scoped_role_twice_keeps_one_assignment(person, places):
    first = grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    again = grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    assert first.pk == again.pk
    grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["el_hamma"], by=OPERATOR)
    assert RoleAssignment.objects.filter(user=person).count() == 2


def test_granting_a_national_role_twice_keeps_one_assignment(person):
    grant_role(person, Role.MODERATOR, by=OPERATOR)
    grant_role(person, Role.MODERATOR, by=OPERATOR)
    assert RoleAssignment.objects.filter(user=person, role=Role.MODERATOR).count() == 1


@pytest.mark.parametrize(
    ("role", "scope", "field", "words"),
    [
        (Role.ORGANISER, {"governorate": "gabes"}, "role", "organisateur national"),
        (Role.GOVERNORATE_STAFF, {}, "governorate", "doit être rattaché à un gouvernorat"),
        (
            Role.GOVERNORATE_STAFF,
            {"governorate": "gabes", "municipality": "gabes_city"},
            "municipality",
            "pas à une municipalité",
        ),
        (Role.MUNICIPAL_STAFF, {"governorate": "gabes"}, "municipality", "doit être rattaché à une municipalité"),
        (
            Role.MUNICIPAL_STAFF,
            {"governorate": "gabes", "municipality": "gabes_city"},
            "governorate",
            "pas à un gouvernorat",
        ),
        (Role.MODERATOR, {"governorate": "gabes"}, "governorate", "jamais à un gouvernorat"),
        (Role.CITIZEN, {}, "role", "citoyen"),
        ("mayor", {}, "role", "inconnu"),
    ],
)
def test_a_scope_that_does_not_fit_the_role_is_refused_clearly(person, places, role, scope, field, words):
    with pytest.raises(Invalid) as error:
        grant_role(person, role, **{k: places[v] for k, v in scope.items()}, by=OPERATOR)
    assert list(error.value.errors) == [field]
    assert words in error.value.errors[field][0]
    assert not RoleAssignment.objects.exists()


def test_a_moderator_may_be_national_or_scoped_to_a_municipality(person, places):
    grant_role(person, Role.MODERATOR, by=OPERATOR)
    grant_role(person, Role.MODERATOR, municipality=places["bizerte_city"], by=OPERATOR)
    assert RoleAssignment.objects.filter(user=person, role=Role.MODERATOR).count() == 2


def test_revoking_removes_exactly_that_assignment_and_is_idempotent(person, places):
    grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["el_hamma"], by=OPERATOR)
    assert revoke_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR) is True
    assert revoke_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR) is False
    assert list(RoleAssignment.objects.values_list("municipality__slug", flat=True)) == ["el-hamma"]
    with pytest.raises(Invalid):
        revoke_role(person, Role.MUNICIPAL_STAFF, by=OPERATOR)


def test_only_organisers_grant_or_revoke_roles(person, places, django_user_model):
    citizen = django_user_model.objects.create_user("citoyen@example.tn", "x")
    with pytest.raises(NotAllowed):
        grant_role(citizen, Role.ORGANISER, by=citizen)
    grant_role(person, Role.MODERATOR, by=OPERATOR)
    with pytest.raises(NotAllowed):
        revoke_role(person, Role.MODERATOR, by=citizen)
    assert not RoleAssignment.objects.filter(user=citizen).exists()
    assert RoleAssignment.objects.filter(user=person, role=Role.MODERATOR).exists()


def test_organisers_get_the_admin_and_lose_it_with_the_role(person, places):
    grant_role(person, Role.GOVERNORATE_STAFF, governorate=places["gabes"], by=OPERATOR)
    person.refresh_from_db()
    assert not person.is_staff, "governorate staff work in the site's pages, not the admin"
    grant_role(person, Role.ORGANISER, by=OPERATOR)
    assert person.is_staff
    person.refresh_from_db()
    assert person.is_staff
    revoke_role(person, Role.ORGANISER, by=OPERATOR)
    person.refresh_from_db()
    assert not person.is_staff


def test_revoking_the_organiser_role_leaves_a_superuser_in_the_admin(places):
    from madina.accounts.models import User

    boss = User.objects.create_superuser("chef@example.tn", "x")
    grant_role(boss, Role.ORGANISER, by=OPERATOR)
    revoke_role(boss, Role.ORGANISER, by=OPERATOR)
    boss.refresh_from_db()
    assert boss.is_staff


def test_granting_refreshes_the_roles_the_predicates_read(person, places):
    from madina.accounts.rules import manages_municipality

    assert not manages_municipality(person, places["gabes_city"])
    grant_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    assert manages_municipality(person, places["gabes_city"])
    revoke_role(person, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    assert not manages_municipality(person, places["gabes_city"])


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.ORGANISER, {"governorate": "gabes"}),
        (Role.GOVERNORATE_STAFF, {}),
        (Role.GOVERNORATE_STAFF, {"governorate": "gabes", "municipality": "gabes_city"}),
        (Role.MUNICIPAL_STAFF, {"governorate": "gabes"}),
        (Role.MODERATOR, {"governorate": "gabes"}),
        (Role.CITIZEN, {}),
    ],
)
def test_the_database_refuses_a_scope_that_does_not_fit_the_role(person, places, role, scope):
    """Bypassing the service (bulk loads, raw admin edits) still cannot store a wrong scope."""
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=person, role=role, **{k: places[v] for k, v in scope.items()})


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.ORGANISER, {}),
        (Role.MODERATOR, {}),
        (Role.MODERATOR, {"municipality": "gabes_city"}),
        (Role.GOVERNORATE_STAFF, {"governorate": "gabes"}),
        (Role.MUNICIPAL_STAFF, {"municipality": "gabes_city"}),
    ],
)
def test_the_database_refuses_the_same_role_twice_in_the_same_scope(person, places, role, scope):
    values = {k: places[v] for k, v in scope.items()}
    RoleAssignment.objects.create(user=person, role=role, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=person, role=role, **values)


def test_model_validation_words_the_scope_rule_for_forms(person, places):
    assignment = RoleAssignment(user=person, role=Role.MUNICIPAL_STAFF, governorate=places["gabes"])
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "municipality" in error.value.message_dict
