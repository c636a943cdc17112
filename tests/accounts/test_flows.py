"""Sign-up, confirmation, log-in, log-out and password reset as a person does them, mails included."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from madina.accounts.models import User

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Sakiet-Eddaier-16-mars"


def link_in(message, path_start):
    """Links in e-mails are on the site's own address (MADINA_SITE_URL), not on the host the request came to."""
    match = re.search(re.escape(settings.MADINA_SITE_URL) + "(" + re.escape(path_start) + r"\S+)", message.body)
    assert match, message.body
    return match.group(1)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def sign_up(client, email="sami@example.tn", name="Sami du Lac"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_sends_a_confirmation_link_then_the_confirmed_account_logs_in(client):
    response = sign_up(client, "Sami@Example.TN")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_logged_in(client)
    assert (User.objects.get().email, User.objects.get().display_name) == ("sami@example.tn", "Sami du Lac")

    page = client.get(response["Location"])
    assert b'lang="fr"' in page.content and "site-header" in page.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sami@example.tn"]
    assert message.subject.startswith("[Madina] ")
    assert "Madina" in message.body and "example.com" not in message.body
    confirm_path = link_in(message, "/comptes/confirm-email/")

    confirm_page = client.get(confirm_path)
    assert confirm_page.status_code == 200
    assert b'method="post"' in confirm_page.content
    assert client.post(confirm_path).status_code == 302

    visitor = client.__class__()
    response = visitor.post(reverse("account_login"), {"login": "sami@example.tn", "password": PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(visitor)
    assert visitor.get(reverse("accounts:profile")).status_code == 200


def test_an_unverified_address_cannot_log_in_and_gets_a_fresh_link(client):
    make_user("hedi@example.tn", verified=False)
    response = client.post(reverse("account_login"), {"login": "hedi@example.tn", "password": PASSWORD})
    assert not is_logged_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "/comptes/confirm-email/" in mail.outbox[0].body


def test_a_wrong_password_is_refused_with_an_error_announced_on_the_page(client, citizen):
    response = client.post(reverse("account_login"), {"login": citizen.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert not is_logged_in(client)
    html = response.content.decode()
    assert 'class="message message-error" role="alert"' in html


def test_five_wrong_passwords_lock_the_account_whatever_host_name_is_used(client, citizen, settings):
    """The count of failed logins belongs to the account, not to the host name the request used (an attacker
    could otherwise get five more guesses per name the site answers to, or per port)."""
    settings.ALLOWED_HOSTS = ["madina.example.tn", "www.madina.example.tn"]
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": citizen.email, "password": f"faux-{attempt}"},
                    HTTP_HOST="madina.example.tn")
    response = client.post(reverse("account_login"), {"login": citizen.email.upper(), "password": PASSWORD},
                           HTTP_HOST="www.madina.example.tn:443")
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_sign_up_errors_are_tied_to_their_fields(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nour@example.tn", "password1": PASSWORD, "password2": "autre-chose-1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    password2 = re.search(r'<input[^>]*name="password2"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in password2
    assert 'aria-describedby="id_password2_error"' in password2
    assert '<ul class="errorlist" id="id_password2_error">' in html
    assert not User.objects.exists()


def test_signing_up_with_a_taken_address_reveals_nothing_and_warns_its_owner(client, citizen):
    response = sign_up(client, citizen.email)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert mail.outbox[0].to == [citizen.email]
    assert "/comptes/password/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_are_drawn_in_the_site_layout_with_labelled_autocompleting_fields(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert 'class="site-footer"' in html
    email_input = re.search(r'<input[^>]*type="email"[^>]*>', html).group(0)
    assert 'autocomplete="email"' in email_input
    field_id = re.search(r'id="([^"]+)"', email_input).group(1)
    assert f'<label for="{field_id}"' in html


def test_sign_up_asks_for_new_passwords_and_login_for_the_current_one(client):
    signup = client.get(reverse("account_signup")).content.decode()
    assert signup.count('autocomplete="new-password"') == 2
    login = client.get(reverse("account_login")).content.decode()
    assert 'autocomplete="current-password"' in login


@pytest.mark.parametrize(
    ("language", "direction", "word"), [("fr", "ltr", "Connexion"), ("ar", "rtl", "تسجيل الدخول"), ("en", "ltr", "Sign In")]
)
def test_login_page_speaks_the_chosen_language(client, settings, language, direction, word):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("account_login")).content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert word in html


def test_logout_is_a_post_from_the_header(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'action="{reverse("account_logout")}" method="post"' in page
    client.get(reverse("account_logout"))
    assert is_logged_in(client), "a GET (a prefetch, a stray link) must not log anyone out"
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_password_reset_end_to_end(client, citizen):
    response = client.post(reverse("account_reset_password"), {"email": "AMEL@example.tn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    reset_path = link_in(mail.outbox[0], "/comptes/password/reset/key/")

    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    assert b'name="password1"' in form_page.content
    response = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    visitor = client.__class__()
    visitor.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})
    assert not is_logged_in(visitor)
    visitor.post(reverse("account_login"), {"login": citizen.email, "password": NEW_PASSWORD})
    assert is_logged_in(visitor)

    assert client.get(reset_path, follow=True).context["token_fail"], "a reset link works once"


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "personne@example.tn"})
    assert response["Location"] == reverse("account_reset_password_done")


def test_a_person_added_in_the_admin_without_password_sets_one_confirms_and_logs_in(client):
    """The user guide's way to give a role to someone new: no password, "forgotten password", then the usual
    confirmation at the first log-in (allauth does not count a reset link as a confirmation)."""
    newcomer = User.objects.create_user("agent.nouveau@example.tn")
    assert not newcomer.has_usable_password()
    client.post(reverse("account_reset_password"), {"email": newcomer.email})
    reset_path = link_in(mail.outbox[-1], "/comptes/password/reset/key/")
    form_page = client.get(reset_path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    visitor = client.__class__()
    credentials = {"login": newcomer.email, "password": NEW_PASSWORD}
    response = visitor.post(reverse("account_login"), credentials)
    assert response["Location"] == reverse("account_email_verification_sent")
    confirm_path = link_in(mail.outbox[-1], "/comptes/confirm-email/")
    visitor.post(confirm_path)
    visitor.post(reverse("account_login"), credentials)
    assert is_logged_in(visitor)


@pytest.mark.parametrize(
    "url_name", ["account_email", "account_change_password", "account_logout", "account_email_verification_sent"]
)
def test_the_other_account_pages_are_in_the_site_layout(client, citizen, url_name):
    client.force_login(citizen)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<main id="main"' in html and 'class="site-footer"' in html
    assert html.count("<h1") == 1


def test_the_password_is_changed_from_the_account_pages(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
