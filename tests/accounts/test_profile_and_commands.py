import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from madina.accounts.models import Role, User
from madina.accounts.services import grant_role
from madina.core.permissions import OPERATOR

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_shows_email_roles_with_their_scope_and_account_links(client, citizen, places):
    grant_role(citizen, Role.MUNICIPAL_STAFF, municipality=places["el_hamma"], by=OPERATOR)
    grant_role(citizen, Role.MODERATOR, by=OPERATOR)
    client.force_login(citizen)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "amel@example.tn" in html
    assert "agent municipal · El Hamma" in html
    assert "modérateur · tout le pays" in html
    assert reverse("account_change_password") in html
    assert reverse("account_email") in html
    assert '<label for="id_display_name"' in html and 'autocomplete="nickname"' in html


def test_the_display_name_and_the_language_are_edited_on_the_profile(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="language"' in page and '<option value="fr" selected>' in page
    response = client.post(reverse("accounts:profile"), {"display_name": "  Amel B.  ", "language": "ar"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.language) == ("Amel B.", "ar")
    assert "Votre profil est enregistré." in response.content.decode()
    assert client.post(reverse("accounts:profile"), {"display_name": "", "language": "de"}).status_code == 200
    citizen.refresh_from_db()
    assert citizen.language == "ar"


def test_a_new_account_keeps_the_language_of_the_page_it_signed_up_on(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.post(reverse("account_signup"), {"email": "nour@example.tn", "display_name": "نور",
                                            "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="nour@example.tn").language == "ar"
    message = mail.outbox[-1]
    assert message.to == ["nour@example.tn"] and message.extra_headers["Content-Language"] == "ar"


@pytest.mark.parametrize("name", ["x" * 41, "ab", "amel@example.tn", "<b>Amel</b>", "   "])
def test_a_public_name_that_does_not_fit_is_refused_on_its_field(client, citizen, name):
    client.force_login(citizen)
    before = citizen.display_name
    response = client.post(reverse("accounts:profile"), {"display_name": name, "language": "fr"})
    html = response.content.decode()
    assert 'id="id_display_name_error"' in html and 'aria-invalid="true"' in html
    citizen.refresh_from_db()
    assert citizen.display_name == before


def test_createsuperuser_works_with_the_email_model_and_the_address_counts_as_verified(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--email", "Chef.Programme@Example.TN", verbosity=0)
    user = User.objects.get()
    assert user.email == "chef.programme@example.tn"
    assert user.is_superuser and user.is_staff and user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    assert client.get(reverse("admin:index")).status_code == 200
