"""The header's search box on a phone (390 px), in French and in Arabic, with and without scripts: it shows
without opening the menu, a thumb can tap it, and a search lands on the grouped results without the page
growing wider than the screen."""

import pytest

from madina.territory.models import Governorate, Municipality
from madina.territory.services import search_text_of
from tests.conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction", "typed", "shown"), [
    ("fr", "ltr", "sbeitla", "Sbeïtla"),
    ("ar", "rtl", "سَبيطلة", "سبيطلة"),
])
@pytest.mark.parametrize("scripts", [True, False])
def test_the_header_box_on_a_phone(browser, live_server, language, direction, typed, shown, scripts):
    kasserine = Governorate.objects.create(slug="kasserine", iso_code="TN-42", name_fr="Kasserine", name_ar="القصرين")
    town = Municipality(governorate=kasserine, slug="sbeitla", name_fr="Sbeïtla", name_ar="سبيطلة")
    town.search_text = search_text_of(town)
    town.save()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=scripts)
    try:
        page = context.new_page()
        set_language(page, live_server, language)
        page.goto(f"{live_server.url}/projets/")
        assert page.locator("html").get_attribute("dir") == direction
        box = page.locator("#site-search-q")
        assert box.is_visible() and box.bounding_box()["height"] >= 44
        button = page.locator(".site-search button")
        assert button.is_visible() and button.bounding_box()["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box.fill(typed)
        box.press("Enter")
        page.wait_for_url("**/recherche/?q=*")
        results = page.locator("#search-municipalities + ul a")
        assert results.first.inner_text() == shown
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if scripts:
            assert_accessible(page)
    finally:
        context.close()
