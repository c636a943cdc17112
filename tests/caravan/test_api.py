"""The caravan API: editions, one edition with its stops, the stops as GeoJSON, in the request's language."""

import pytest

from madina.caravan.demo import load_2020_edition
from madina.caravan.models import Edition


@pytest.fixture
def edition(db):
    return load_2020_edition()


def test_editions_lists_published_editions_only(client, edition):
    Edition.objects.create(slug="draft", name_fr="Brouillon", start_date="2021-01-01", end_date="2021-01-02")
    response = client.get("/api/v1/editions")
    assert response.status_code == 200
    body = response.json()
    assert [e["slug"] for e in body] == ["2020"]
    assert body[0]["stop_count"] == 20
    assert body[0]["start_date"] == "2020-03-09" and body[0]["end_date"] == "2020-03-16"
    assert body[0]["days_are_estimated"] is True
    assert body[0]["url"] == "/caravane/2020/"
    assert body[0]["stops_geojson"] == "/api/v1/editions/2020/stops.geojson"


def test_an_edition_has_its_stops_in_order(client, edition, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/v1/editions/2020")
    assert response.status_code == 200
    stops = response.json()["stops"]
    assert [s["order"] for s in stops] == list(range(1, 21))
    first = stops[0]
    assert (first["name"], first["name_fr"], first["name_ar"]) == ("Sbeïtla", "Sbeïtla", "سبيطلة")
    assert first["date"] == "2020-03-09" and stops[-1]["date"] == "2020-03-16"
    assert first["governorate_name"] == "Kasserine"
    assert first["url"] == "/caravane/2020/etapes/1/"
    assert stops[-1]["name"] == "Sakiet Eddaier"
    assert {s["name_fr"] for s in stops if s["position_is_approximate"]} == {"Hezoua", "Kerkennah"}


def test_names_follow_the_request_language(client, edition):
    body = client.get("/api/v1/editions/2020", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert body["name"] == "القافلة الوطنية «Tunisian Smart Cities»\u200f 2020"
    assert body["stops"][0]["name"] == "سبيطلة"
    assert body["name_fr"].startswith("Caravane nationale")
    english = client.get("/api/v1/editions/2020", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["stops"][0]["name"] == "Sbeïtla"  # no English name stored: French is the fallback
    assert english["stops"][0]["name_en"] is None


def test_stops_geojson_is_a_feature_collection_of_points(client, edition, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/v1/editions/2020/stops.geojson", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 20
    first = body["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [9.12321, 35.23151]}
    props = first["properties"]
    assert props["order"] == 1 and props["name"] == "سبيطلة" and props["name_fr"] == "Sbeïtla"
    assert props["date"] == "2020-03-09"
    assert props["url"] == "/caravane/2020/etapes/1/"
    assert [f["properties"]["order"] for f in body["features"]] == list(range(1, 21))


@pytest.mark.parametrize("url", ["/api/v1/editions/nope", "/api/v1/editions/nope/stops.geojson"])
def test_unknown_or_unpublished_editions_are_not_found(client, db, url):
    Edition.objects.create(slug="nope", name_fr="Brouillon", start_date="2021-01-01", end_date="2021-01-02")
    assert client.get(url).status_code == 404


def test_the_schema_documents_the_caravan_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/editions", "/api/v1/editions/{slug}", "/api/v1/editions/{slug}/stops.geojson"):
        assert "get" in paths[path], path
