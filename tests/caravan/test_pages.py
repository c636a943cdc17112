"""The caravan's public pages: editions, one edition's programme by day, one stop; in French and Arabic."""

import re

import pytest
from django.conf import settings

from madina.caravan.demo import load_2020_edition
from madina.caravan.models import Edition


@pytest.fixture
def edition(db):
    return load_2020_edition()


@pytest.fixture
def territory_and_edition(territory):
    return load_2020_edition()


def arabic(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return client


def test_the_list_shows_published_editions(client, edition, django_assert_num_queries):
    Edition.objects.create(slug="draft", name_fr="Brouillon", start_date="2021-01-01", end_date="2021-01-02")
    with django_assert_num_queries(1):
        response = client.get("/caravane/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Caravane nationale « Tunisian Smart Cities » 2020" in html
    assert "20 étapes, du 9 mars 2020 au 16 mars 2020" in html
    assert 'href="/caravane/2020/"' in html
    assert "Brouillon" not in html


def test_the_edition_page_gives_the_programme_by_day(client, territory_and_edition, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/caravane/2020/")
    assert response.status_code == 200
    html = response.content.decode()
    captions = re.findall(r"<caption>\s*(Jour \d+ : [^<]+)", html)
    assert [c.split(" : ")[0] for c in captions] == [f"Jour {n}" for n in range(1, 9)]
    assert captions[0].strip() == "Jour 1 : lundi 9 mars 2020"
    assert captions[-1].strip() == "Jour 8 : lundi 16 mars 2020"
    assert [len(re.findall(r'<th scope="row">', t)) for t in html.split("<table")[1:]] == [3, 3, 3, 3, 2, 2, 2, 2]
    assert "ces jours sont estimés" in html
    rows = re.findall(r'<th scope="row"><a href="/caravane/2020/etapes/(\d+)/">([^<]+)</a>', html)
    assert [int(order) for order, _ in rows] == list(range(1, 21))
    assert (rows[0][1], rows[-1][1]) == ("Sbeïtla", "Sakiet Eddaier")
    assert 'href="/territoire/municipalites/' in html
    assert html.count("position approximative") == 2
    assert 'data-layers="outline:/api/v1/governorates.geojson route:/api/v1/editions/2020/stops.geojson"' in html


def test_the_edition_page_in_arabic(client, territory_and_edition):
    html = arabic(client).get("/caravane/2020/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "القافلة الوطنية" in html
    assert ">سبيطلة</a>" in html and ">ساقية الدائر</a>" in html
    assert ">القصرين</a>" in html  # the governorate's Arabic name, from the territory


def test_the_edition_page_without_the_territory(client, edition):
    html = client.get("/caravane/2020/").content.decode()
    assert "non reliée" in html
    assert '<td data-label="Gouvernorat">Kasserine</td>' in html


def test_the_stop_page_names_the_stop_and_its_neighbours(client, territory_and_edition, django_assert_num_queries):
    with django_assert_num_queries(3):  # the edition, its stops, the readiness result
        response = client.get("/caravane/2020/etapes/9/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hezoua</h1>" in html
    assert '<dd><span lang="ar" dir="rtl">حزوة</span></dd>' in html
    assert "Jour 3 : mercredi 11 mars 2020" in html
    assert "9 sur 20" in html
    assert "position approximative" in html and "centre du polygone de la municipalité" in html
    assert re.search(r'<a href="/territoire/municipalites/[^"]+">Hazoua</a>', html)
    assert 'rel="prev" href="/caravane/2020/etapes/8/"' in html
    assert 'rel="next" href="/caravane/2020/etapes/10/"' in html


def test_the_first_and_last_stops_have_one_neighbour(client, edition):
    first = client.get("/caravane/2020/etapes/1/").content.decode()
    last = client.get("/caravane/2020/etapes/20/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_stop_page_in_arabic(client, edition):
    html = arabic(client).get("/caravane/2020/etapes/1/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>سبيطلة</h1>" in html
    assert '<dd><span lang="fr" dir="ltr">Sbeïtla</span></dd>' in html


@pytest.mark.parametrize("url", ["/caravane/2020/etapes/21/", "/caravane/draft/", "/caravane/draft/etapes/1/"])
def test_missing_stops_and_unpublished_editions_are_not_found(client, edition, url):
    Edition.objects.create(slug="draft", name_fr="Brouillon", start_date="2021-01-01", end_date="2021-01-02")
    assert client.get(url).status_code == 404
