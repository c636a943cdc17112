"""The edition page in a real browser, French and Arabic: the route drawn on the map, the programme, no serious
accessibility violation."""

import pytest

from madina.caravan.demo import load_2020_edition
from tests.conftest import assert_accessible, set_language

from .conftest import load_territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db):
    load_territory()
    return load_2020_edition()


@pytest.mark.parametrize(("language", "direction", "first"), [("fr", "ltr", "Sbeïtla"), ("ar", "rtl", "سبيطلة")])
def test_the_edition_page_draws_the_route(page, live_server, loaded, language, direction, first):
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/caravane/2020/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_function("() => document.querySelectorAll('.map .stop-marker').length === 20")
    page.wait_for_function("() => document.querySelectorAll('.map .leaflet-overlay-pane path').length > 20")
    rows = page.locator("table.stops-table tbody th[scope=row]")
    assert rows.count() == 20
    assert rows.first.inner_text() == first
    assert page.locator("table.stops-table caption").count() == 8
    assert_accessible(page)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_stop_page_is_accessible(page, live_server, loaded, language):
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/caravane/2020/etapes/19/")
    assert page.locator("a[rel=prev]").count() == 1 and page.locator("a[rel=next]").count() == 1
    assert_accessible(page)
