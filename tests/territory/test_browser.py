"""The municipality and perimeter pages in a real Chromium, in French and Arabic, checked with axe-core;
and a perimeter redrawn in the browser through Leaflet-Geoman."""

import json

import pytest

from madina.territory.models import Perimeter
from tests.conftest import assert_accessible, set_language

pytestmark = pytest.mark.browser


_EVERY_SHAPE_INSIDE_THE_MAP = """() => {
    const frame = document.querySelector('.map').getBoundingClientRect();
    const shapes = [...document.querySelectorAll('.map path.leaflet-interactive')].map(p => p.getBoundingClientRect());
    return shapes.length >= 2 && shapes.every(s => s.width > 0 && s.left >= frame.left - 1 && s.right <= frame.right + 1
                                                   && s.top >= frame.top - 1 && s.bottom <= frame.bottom + 1);
}"""


def _wait_for_map(page):
    page.wait_for_selector(".map .leaflet-interactive", state="attached")


@pytest.mark.parametrize(("language", "direction", "heading"), [("fr", "ltr", "Gabès"), ("ar", "rtl", "قابس")])
def test_municipality_page(demo, page, live_server, language, direction, heading):
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/territoire/municipalites/gabes/")
    assert page.locator("html").get_attribute("dir") == direction
    assert heading in page.locator("h1").inner_text()
    _wait_for_map(page)
    # the boundary and the perimeter: two layers, each loaded by its own request, so wait for the second one
    page.wait_for_function("() => document.querySelectorAll('.map path.leaflet-interactive').length >= 2", timeout=10_000)
    assert page.locator(".map path.leaflet-interactive").count() >= 2
    # the map frames the municipality's outline, its perimeters inside (not the perimeter alone)
    page.wait_for_function(_EVERY_SHAPE_INSIDE_THE_MAP, timeout=10_000)
    assert_accessible(page)


@pytest.mark.parametrize(("language", "direction", "heading"), [("fr", "ltr", "Gabès Oasis Intelligente"), ("ar", "rtl", "قابس الواحة الذكية")])
def test_perimeter_page(demo, page, live_server, language, direction, heading):
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/territoire/perimetres/gabes-oasis-intelligente/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").inner_text() == heading
    _wait_for_map(page)
    assert_accessible(page)


def test_perimeter_edited_in_the_browser(demo, users, page, live_server, client):
    client.force_login(users["gabes_staff"])
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/territoire/perimetres/gabes-oasis-intelligente/modifier/")
    page.wait_for_selector(".perimeter-editor[data-editor-ready=true]")
    assert page.locator(".geometry-row").is_hidden()  # the GeoJSON field is filled by the map
    assert_accessible(page)
    # Remove the current shape with Geoman's removal mode, then draw a rectangle inside the municipality.
    page.locator(".leaflet-pm-toolbar .leaflet-pm-icon-delete").click()
    page.locator(".perimeter-editor path.leaflet-interactive").last.click()
    assert page.locator("#id_geometry").input_value() == ""
    page.locator(".leaflet-pm-toolbar .leaflet-pm-icon-rectangle").click()
    box = page.locator(".perimeter-editor").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(cx - 40, cy - 30)
    page.mouse.click(cx + 40, cy + 30)
    drawn = json.loads(page.locator("#id_geometry").input_value())
    assert drawn["type"] == "Polygon"
    page.get_by_role("button", name="Enregistrer le périmètre").click()
    page.wait_for_url(f"{live_server.url}/territoire/perimetres/gabes-oasis-intelligente/")
    perimeter = Perimeter.objects.get(slug="gabes-oasis-intelligente")
    assert perimeter.shape.bounds == pytest.approx(
        [min(c[i] for c in drawn["coordinates"][0]) for i in (0, 1)]
        + [max(c[i] for c in drawn["coordinates"][0]) for i in (0, 1)],
        abs=1e-6,
    )


def test_the_editor_speaks_arabic(demo, users, page, live_server, client):
    """Leaflet-Geoman has no Arabic: its tools take their words from the site's catalogues."""
    client.force_login(users["gabes_staff"])
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    set_language(page, live_server, "ar")
    page.goto(f"{live_server.url}/territoire/perimetres/gabes-oasis-intelligente/modifier/")
    page.wait_for_selector(".perimeter-editor[data-editor-ready=true]")
    rectangle = page.locator(".leaflet-pm-toolbar .leaflet-pm-icon-rectangle").locator("xpath=ancestor::*[@title][1]")
    assert rectangle.get_attribute("title") == "رسم مستطيل"
    rectangle.locator(".leaflet-buttons-control-button").click()
    assert "انقر لوضع الرأس الأول" in page.locator(".leaflet-tooltip").first.inner_text()
    assert page.get_by_role("button", name="رسم مضلّع").count() == 1
