"""The header of every page in Chromium: on a phone the menu folds behind one button (a <details>, so it opens
without JavaScript too), on a desktop it lies open; the language menu acts as soon as a language is chosen (its
button stays for browsers without scripts); the site's icon is linked and served."""

import pytest

from tests.conftest import set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scripts", [True, False])
def test_on_a_phone_the_menu_folds_and_opens(browser, live_server, scripts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=scripts)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        menu_button = page.locator(".site-menu > summary")
        projects = page.locator(".main-nav a[href='/projets/']")
        assert menu_button.is_visible() and not projects.is_visible()
        assert menu_button.bounding_box()["height"] >= 44
        menu_button.click()
        assert projects.is_visible() and projects.bounding_box()["height"] >= 44
        assert page.locator("#language-select").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        projects.click()
        page.wait_for_url("**/projets/")
    finally:
        context.close()


def test_on_a_desktop_the_menu_lies_open(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    assert not page.locator(".site-menu > summary").is_visible()
    assert page.locator(".main-nav a[href='/projets/']").is_visible()
    assert page.locator(".account-nav a[href='/comptes/login/']").is_visible()


def test_choosing_a_language_changes_the_page_at_once(page, live_server):
    set_language(page, live_server, "fr")
    page.goto(f"{live_server.url}/projets/")
    assert not page.locator(".language-form button").is_visible()  # the script submits on its own
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.url.endswith("/projets/") and page.locator("html").get_attribute("dir") == "rtl"


def test_without_scripts_the_language_button_does_it(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/projets/")
        page.select_option("#language-select", "ar")
        assert page.locator("html").get_attribute("lang") == "fr"  # nothing happens on its own
        page.locator(".language-form button").click()
        page.wait_for_url("**/projets/")
        assert page.locator("html").get_attribute("lang") == "ar"
    finally:
        context.close()


def test_the_site_icon_is_linked_and_served(page, live_server):
    page.goto(f"{live_server.url}/")
    icons = page.locator("head link[rel=icon]")
    assert icons.count() == 2
    for href in [icons.nth(0).get_attribute("href"), icons.nth(1).get_attribute("href"), "/favicon.ico"]:
        response = page.request.get(live_server.url + href)
        assert response.ok and response.headers["content-type"].startswith("image/"), href
    svg = page.request.get(live_server.url + icons.nth(0).get_attribute("href"))
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.body()
