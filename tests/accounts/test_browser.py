"""Sign-up and log-in in a real browser, French and Arabic (right to left), with no serious accessibility
violation, ending with the log-out button of the header."""

import re

import pytest
from django.core import mail

from tests.conftest import assert_accessible, set_language

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_sign_up_confirm_and_log_in_in_a_browser(page, live_server, settings, language, direction):
    settings.MADINA_SITE_URL = live_server.url  # e-mailed links lead to the site the person uses
    set_language(page, live_server, language)
    email = f"visiteur.{language}@example.tn"

    page.goto(f"{live_server.url}/comptes/signup/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    page.locator("#id_email").fill(email)
    name = "زائر الجنوب" if language == "ar" else "Visiteur du Sud"
    page.locator("#id_display_name").fill(name)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill("pas-le-meme-mot-2")
    page.locator("main form button[type=submit]").click()
    assert page.locator("#id_password2").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/comptes/confirm-email/$"))
    assert_accessible(page)

    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()

    page.context.clear_cookies()
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/comptes/login/")
    assert page.locator("html").get_attribute("dir") == direction
    assert_accessible(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill("mauvais-mot-de-passe")
    page.locator("main form button[type=submit]").click()
    page.locator(".message-error[role=alert]").wait_for()  # the page after the post, not the one before it
    assert_accessible(page)

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    account_nav = page.locator("header .account-nav")
    account_nav.get_by_text(name).wait_for()  # the public name, never the address
    assert email not in page.content()

    account_nav.locator("form button[type=submit]").click()
    page.locator("header .account-nav a[href='/comptes/login/']").wait_for()
