"""The admin back-office: organisers run it without being superusers; staff of a place never enter it."""

import pytest
from django.urls import reverse

from madina.accounts.models import Role, RoleAssignment, User
from madina.accounts.services import grant_role
from madina.core.models import AuditEntry
from madina.core.permissions import OPERATOR
from madina.territory.models import Perimeter

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    user = make_user("organisatrice@example.tn")
    grant_role(user, Role.ORGANISER, by=OPERATOR)
    return user


@pytest.fixture
def municipal_staff(places):
    user = make_user("baladiya.gabes@example.tn")
    grant_role(user, Role.MUNICIPAL_STAFF, municipality=places["gabes_city"], by=OPERATOR)
    return user


def territory_pages(places):
    perimeter = Perimeter.objects.create(municipality=places["gabes_city"], slug="gabes-oasis", name="Oasis")
    pages = [reverse("admin:app_list", args=["territory"])]
    for model, obj in [
        ("governorate", places["gabes"]),
        ("municipality", places["gabes_city"]),
        ("perimeter", perimeter),
    ]:
        pages += [
            reverse(f"admin:territory_{model}_changelist"),
            reverse(f"admin:territory_{model}_add"),
            reverse(f"admin:territory_{model}_change", args=[obj.pk]),
        ]
    return pages


def test_an_organiser_who_is_not_superuser_opens_every_territory_admin_page(client, organiser, places):
    assert not organiser.is_superuser
    client.force_login(organiser)
    index = client.get(reverse("admin:index")).content.decode()
    for app_url in ("/admin/territory/", "/admin/accounts/", "/admin/caravan/"):
        assert app_url in index
    for url in territory_pages(places):
        assert client.get(url).status_code == 200, url


def test_an_organiser_edits_a_territory_object(client, organiser, places):
    client.force_login(organiser)
    change = reverse("admin:territory_governorate_change", args=[places["gabes"].pk])
    assert 'name="_save"' in client.get(change).content.decode()


def test_municipal_staff_cannot_enter_the_admin(client, municipal_staff, places):
    client.force_login(municipal_staff)
    for url in territory_pages(places):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_flag_alone_gives_no_model(client, places):
    """Even with is_staff set by hand, permissions come from the organiser role, not from the flag."""
    user = make_user("curieux@example.tn", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:territory_governorate_changelist")).status_code == 403


def test_the_user_admin_finds_people_by_email(client, organiser, citizen):
    client.force_login(organiser)
    html = client.get(reverse("admin:accounts_user_changelist"), {"q": "amel"}).content.decode()
    assert "amel@example.tn" in html
    assert "organisatrice@example.tn" not in html


def test_an_organiser_grants_a_scoped_role_in_the_user_admin(client, organiser, citizen, places):
    client.force_login(organiser)
    url = reverse("admin:accounts_user_change", args=[citizen.pk])
    page = client.get(url).content.decode()
    assert "is_superuser" not in page, "only superusers hand out the superuser flag"
    assert 'data-model-name="municipality"' in page or "admin-autocomplete" in page
    data = {
        "email": citizen.email,
        "display_name": "Amel",
        "is_active": "on",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": Role.MUNICIPAL_STAFF,
        "roles-0-municipality": places["el_hamma"].pk,
        "roles-1-role": Role.ORGANISER,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(RoleAssignment.objects.filter(user=citizen).values_list("role", "municipality__slug")) == {
        (Role.MUNICIPAL_STAFF, "el-hamma"),
        (Role.ORGANISER, None),
    }
    citizen.refresh_from_db()
    assert citizen.is_staff and not citizen.is_superuser
    granted = AuditEntry.objects.filter(action="accounts.role_granted", actor=organiser)
    assert sorted(granted.values_list("details__role", "municipality_id")) == [
        (Role.MUNICIPAL_STAFF, places["el_hamma"].pk), (Role.ORGANISER, None)]


def test_the_user_admin_explains_a_wrong_scope(client, organiser, citizen, places):
    client.force_login(organiser)
    url = reverse("admin:accounts_user_change", args=[citizen.pk])
    data = {
        "email": citizen.email,
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": Role.GOVERNORATE_STAFF,
        "roles-0-municipality": places["el_hamma"].pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "doit être rattaché à un gouvernorat" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=citizen).exists()


def test_the_role_choice_offers_no_citizen(client, organiser):
    client.force_login(organiser)
    html = client.get(reverse("admin:accounts_roleassignment_add")).content.decode()
    assert 'value="municipal_staff"' in html
    assert 'value="citizen"' not in html


def test_an_organiser_cannot_edit_a_superuser(client, organiser):
    root = User.objects.create_superuser("root@example.tn", PASSWORD)
    client.force_login(organiser)
    response = client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    assert 'name="_save"' not in response.content.decode()
    assert client.post(reverse("admin:accounts_user_delete", args=[root.pk]), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=root.pk).exists()


def test_an_organiser_adds_a_person_by_email(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "Nouvel.Agent@Example.TN", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="nouvel.agent@example.tn").check_password(PASSWORD)


def test_role_assignments_list_filters_by_role(client, organiser, municipal_staff):
    client.force_login(organiser)
    html = client.get(reverse("admin:accounts_roleassignment_changelist"), {"role": "municipal_staff"}).content.decode()
    assert "baladiya.gabes@example.tn" in html
    assert "organisatrice@example.tn" not in html


def test_removing_the_organiser_role_in_the_role_admin_closes_the_admin(client, places):
    root = User.objects.create_superuser("root@example.tn", PASSWORD)
    other = make_user("ex.organisateur@example.tn")
    assignment = grant_role(other, Role.ORGANISER, by=OPERATOR)
    client.force_login(root)
    client.post(reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})
    other.refresh_from_db()
    assert not other.is_staff
    assert AuditEntry.objects.filter(action="accounts.role_revoked", actor=root, details__role=Role.ORGANISER).exists()


def test_the_user_admin_refuses_a_public_name_another_account_holds_in_other_capitals(client, organiser, citizen):
    """The key that makes names unique is computed on save: the admin's form must still say the name is taken
    rather than fail on the database's constraint."""
    User.objects.filter(pk=organiser.pk).update(display_name="Émna", name_key="émna")
    client.force_login(organiser)
    response = client.post(reverse("admin:accounts_user_change", args=[citizen.pk]), {
        "email": citizen.email, "display_name": "ÉMNA", "is_active": "on",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 200
    assert "déjà pris" in response.content.decode()
    assert User.objects.get(pk=citizen.pk).display_name != "ÉMNA"
