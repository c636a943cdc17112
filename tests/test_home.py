"""The home page presents the programme, the national counts and the featured caravan edition, list and map."""

import re

import pytest
from django.conf import settings

from madina.caravan.demo import load_2020_edition
from madina.territory.importer import import_file


@pytest.fixture
def loaded(db):
    for name in ("governorates.geojson", "municipalities.geojson"):
        import_file(settings.DATA_DIR / "territory" / name)
    return load_2020_edition()


def stop_list(html: str) -> list[str]:
    block = re.search(r'<ol class="stop-list".*?</ol>', html, re.S).group(0)
    return re.findall(r'<a href="/caravane/2020/etapes/\d+/">([^<]+)</a>', block)


def test_the_home_page_presents_the_programme_and_the_2020_caravan(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for words in ("caravane", "périmètre « smart city »", "co-construits avec les citoyens", "qualité de vie"):
        assert words in html.lower() or words in html
    stops = stop_list(html)
    assert len(stops) == 20
    assert (stops[0], stops[-1]) == ("Sbeïtla", "Sakiet Eddaier")
    assert "20 étapes, du 9 mars 2020 au 16 mars 2020" in html
    assert "de Sbeïtla à Sakiet Eddaier" in html
    assert "jour 1, 9 mars" in html and "jour 8, 16 mars" in html
    assert "(Kasserine)" in html
    assert 'href="/caravane/2020/"' in html
    assert 'href="/territoire/"' in html and 'href="/territoire/perimetres/"' in html
    assert "<strong>24</strong> gouvernorats" in html
    assert "<strong>350</strong> municipalités" in html
    assert 'class="map"' in html
    assert "route:/api/v1/editions/2020/stops.geojson" in html
    assert "outline:/api/v1/governorates.geojson" in html
    assert "ces jours sont estimés" in html


def test_the_home_page_in_arabic_names_the_stops_in_arabic(client, loaded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    stops = stop_list(html)
    assert (stops[0], stops[-1]) == ("سبيطلة", "ساقية الدائر")
    assert "(القصرين)" in html
    assert "القافلة الوطنية" in html


def test_the_home_page_without_data_still_presents_the_programme(client, db, django_assert_num_queries):
    with django_assert_num_queries(11):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le programme" in html
    assert 'class="map"' not in html and "stop-list" not in html
    assert "<strong>0</strong> municipalité" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "direction", "first"), [("fr", "ltr", "Sbeïtla"), ("ar", "rtl", "سبيطلة")])
def test_the_home_page_in_a_browser(page, live_server, transactional_db, language, direction, first):
    from tests.conftest import assert_accessible, set_language

    for name in ("governorates.geojson", "municipalities.geojson"):
        import_file(settings.DATA_DIR / "territory" / name)
    load_2020_edition()
    set_language(page, live_server, language)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == direction
    items = page.locator("ol.stop-list > li")
    assert items.count() == 20
    assert items.first.locator("a").inner_text() == first
    page.wait_for_function("() => document.querySelectorAll('.map .stop-marker').length === 20")
    page.wait_for_function("() => document.querySelectorAll('.map .leaflet-overlay-pane path').length > 20")
    assert_accessible(page)
