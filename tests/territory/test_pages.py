"""Pages (query counts pinned), the perimeter form without JavaScript, and the API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from shapely.geometry import box, mapping

from madina.territory.models import Municipality, Perimeter


def test_governorate_list(territory, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("territory:governorate_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gabès" in html and "TN-81" in html and 'data-layers="outline:/api/v1/governorates.geojson"' in html


def test_governorate_page_lists_its_municipalities(territory, client, django_assert_num_queries):
    # the governorate, its municipalities, its perimeters, and the higher apps' sections (tests/test_connected_pages.py):
    # project counts by stage, processes, budgets, caravan stops
    with django_assert_num_queries(7):
        response = client.get(reverse("territory:governorate_detail", args=["gabes"]))
    html = response.content.decode()
    assert html.count('href="/territoire/municipalites/') == 16
    assert "/api/v1/governorates/gabes/municipalities.geojson" in html


def test_municipality_page(demo, client, django_assert_num_queries):
    # the municipality, its perimeters, its readiness summary, project counts by stage, processes, budgets,
    # caravan stops
    with django_assert_num_queries(7):
        response = client.get(reverse("territory:municipality_detail", args=["gabes"]))
    html = response.content.decode()
    for text in ("Gabès", "قابس", "99", "30,68", "Gabès Oasis Intelligente", "tracé approximatif", "ancienne"):
        assert text in html
    assert "/api/v1/municipalities/gabes/boundary.geojson" in html
    assert "Tracer un périmètre" not in html


def test_municipality_page_in_arabic(demo, client):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("territory:municipality_detail", args=["gabes"])).content.decode()
    assert 'dir="rtl"' in html and "<h1>قابس" in html


@pytest.mark.parametrize(("typed", "found"), [("gabes", "Gabès"), ("قابس", "Gabès"), ("sakiet", "Sakiet Eddaier")])
def test_search_page(territory, client, typed, found):
    response = client.get(reverse("territory:municipality_search"), {"q": typed})
    assert found in response.content.decode()


def test_locate_page(territory, client):
    html = client.get(reverse("territory:locate"), {"lat": "33.8815", "lon": "10.0982"}).content.decode()
    assert 'href="/territoire/municipalites/gabes/"' in html
    html = client.get(reverse("territory:locate"), {"lat": "33.9", "lon": "10.4"}).content.decode()
    assert "Aucune municipalité ne contient le point" in html
    response = client.get(reverse("territory:locate"), {"lat": "north", "lon": "10"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_perimeter_pages(demo, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = client.get(reverse("territory:perimeter_list")).content.decode()
    assert all(name in html for name in ("La Perle du Lac", "Centre piétonnier de Bizerte", "Gabès Oasis Intelligente"))
    with django_assert_num_queries(4):  # the perimeter, project counts by stage, processes, budgets
        html = client.get(reverse("territory:perimeter_detail", args=["gabes-oasis-intelligente"])).content.decode()
    assert "ha" in html and "tracé approximatif" in html and "قابس الواحة الذكية" in html


def _form(geometry="", **extra):
    return {"name_fr": "Cœur de ville", "name_ar": "قلب المدينة", "description_fr": "Le centre.", "geometry": geometry, **extra}


def _inside_gabes():
    gabes = Municipality.objects.get(slug="gabes")
    return gabes.shape.buffer(-0.003).intersection(box(10.09, 33.87, 10.11, 33.89))


def test_staff_create_a_perimeter_from_an_uploaded_file(users, client):
    client.force_login(users["gabes_staff"])
    upload = SimpleUploadedFile(
        "perimetre.geojson",
        ("\ufeff" + json.dumps({"type": "Feature", "properties": {}, "geometry": mapping(_inside_gabes())})).encode(),
        content_type="application/geo+json",
    )
    response = client.post(reverse("territory:perimeter_create", args=["gabes"]), {**_form(), "geometry_file": upload})
    perimeter = Perimeter.objects.get(slug="coeur-de-ville")
    assert response.status_code == 302 and response["Location"] == perimeter.get_absolute_url()
    assert perimeter.municipality.slug == "gabes" and perimeter.updated_by == users["gabes_staff"]
    assert Municipality.objects.get(slug="gabes").perimeter_count == 1


def test_refused_shape_keeps_what_was_typed(users, client):
    client.force_login(users["gabes_staff"])
    outside = json.dumps(mapping(box(9.865, 37.27, 9.87, 37.275)))  # Bizerte
    response = client.post(reverse("territory:perimeter_create", args=["gabes"]), _form(outside))
    html = response.content.decode()
    assert response.status_code == 400
    assert "sort des limites de la municipalité Gabès" in html
    assert 'value="Cœur de ville"' in html and "قلب المدينة" in html and "Le centre." in html
    assert "9.865" in html  # the shape itself is still in the field
    response = client.post(reverse("territory:perimeter_create", args=["gabes"]), _form(""))
    assert "Dessinez le périmètre" in response.content.decode()
    assert not Perimeter.objects.exists()


def test_edit_permissions_on_pages(users, demo, client):
    edit_gabes = reverse("territory:perimeter_edit", args=["gabes-oasis-intelligente"])
    edit_bizerte = reverse("territory:perimeter_edit", args=["bizerte-centre-pietonnier"])
    assert client.get(edit_gabes).status_code == 302  # to the login page
    client.force_login(users["citizen"])
    assert client.get(edit_gabes).status_code == 403
    client.force_login(users["gabes_staff"])
    assert client.get(edit_bizerte).status_code == 403
    assert client.post(reverse("territory:perimeter_create", args=["bizerte"]), _form()).status_code == 403
    response = client.get(edit_gabes)
    assert response.status_code == 200 and "Gabès Oasis Intelligente" in response.content.decode()
    perimeter = Perimeter.objects.get(slug="gabes-oasis-intelligente")
    smaller = json.dumps(mapping(perimeter.shape.buffer(-0.0005)))
    response = client.post(edit_gabes, _form(smaller, name_fr="Gabès Oasis Intelligente", is_approximate="on"))
    assert response.status_code == 302
    perimeter.refresh_from_db()
    assert perimeter.area_ha < 42 and perimeter.name_ar == "قلب المدينة"
    assert "Modifier le périmètre" in client.get(perimeter.get_absolute_url()).content.decode()


def test_admin_for_organisers(users, demo, client):
    client.force_login(users["organiser"])
    for url in ("/admin/territory/governorate/", "/admin/territory/municipality/", "/admin/territory/perimeter/",
                f"/admin/territory/perimeter/{Perimeter.objects.get(slug='la-perle-du-lac').pk}/change/"):
        assert client.get(url).status_code == 200, url
    bizerte = Perimeter.objects.get(slug="bizerte-centre-pietonnier")
    response = client.post(f"/admin/territory/perimeter/{bizerte.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Municipality.objects.get(slug="bizerte").perimeter_count == 0


# API -----------------------------------------------------------------------------------------------------


def test_openapi_schema_has_the_territory_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/governorates", "/api/v1/governorates/{slug}", "/api/v1/governorates.geojson",
                 "/api/v1/governorates/{slug}/municipalities.geojson", "/api/v1/municipalities",
                 "/api/v1/municipalities/{slug}", "/api/v1/municipalities/{slug}/boundary.geojson", "/api/v1/locate",
                 "/api/v1/perimeters", "/api/v1/perimeters/{slug}", "/api/v1/perimeters.geojson"):
        assert path in paths, path


def test_api_governorates(territory, client):
    rows = client.get("/api/v1/governorates").json()
    assert len(rows) == 4
    gabes = client.get("/api/v1/governorates/gabes").json()
    assert (gabes["iso_code"], gabes["name_ar"], gabes["municipality_count"]) == ("TN-81", "قابس", 16)
    assert client.get("/api/v1/governorates/atlantis").status_code == 404


def test_api_names_follow_the_request_language(territory, client):
    assert client.get("/api/v1/governorates/gabes", HTTP_ACCEPT_LANGUAGE="ar").json()["name"] == "قابس"
    assert client.get("/api/v1/governorates/gabes", HTTP_ACCEPT_LANGUAGE="en").json()["name"] == "Gabes"
    assert client.get("/api/v1/governorates/gabes").json()["name"] == "Gabès"


def test_api_municipalities(territory, client):
    page = client.get("/api/v1/municipalities", {"governorate": "gabes"}).json()
    assert page["count"] == 16 and len(page["items"]) == 16
    found = client.get("/api/v1/municipalities", {"q": "قابس"}).json()["items"]
    assert [m["slug"] for m in found] == ["gabes"]
    detail = client.get("/api/v1/municipalities/gabes").json()
    assert detail["geometry"]["type"] == "MultiPolygon" and detail["governorate"]["slug"] == "gabes"
    assert client.get("/api/v1/municipalities", {"page": 2}).json()["items"]  # 62 municipalities, pages of 50


def test_api_locate(territory, client):
    assert client.get("/api/v1/locate", {"lat": 33.8815, "lon": 10.0982}).json()["municipality"]["slug"] == "gabes"
    assert client.get("/api/v1/locate", {"lat": 33.9, "lon": 10.4}).json() == {"lat": 33.9, "lon": 10.4, "municipality": None}
    assert client.get("/api/v1/locate", {"lat": 95, "lon": 10}).status_code == 422


def test_api_perimeters_and_geojson(demo, client):
    assert len(client.get("/api/v1/perimeters").json()) == 3
    perle = client.get("/api/v1/perimeters/la-perle-du-lac").json()
    assert perle["municipality"]["slug"] == "tunis" and perle["is_approximate"] and perle["geometry"]["type"] == "Polygon"
    collection = client.get("/api/v1/perimeters.geojson").json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    assert {f["properties"]["slug"] for f in collection["features"]} >= {"gabes-oasis-intelligente"}
    outlines = client.get("/api/v1/governorates/gabes/municipalities.geojson").json()
    assert len(outlines["features"]) == 16
    assert len(client.get("/api/v1/governorates.geojson").json()["features"]) == 4
