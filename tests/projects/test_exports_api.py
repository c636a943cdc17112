"""Exports that open (CSV, XLSX, valid GeoJSON) and the API: list with the same filters, detail, GeoJSON, writes."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from shapely.geometry import shape

from madina.projects import services
from madina.projects.models import FundingSource, Project, Stage


@pytest.fixture
def two(new_project, people):
    lamps = new_project(title_fr="Éclairage LED", title_ar="إنارة ذكية", estimated_cost_tnd=1200)
    services.set_funding_plan(lamps, people["organiser"], [(FundingSource.PPP, 900, ""), (FundingSource.MUNICIPAL_BUDGET, 300, "")])
    area = {"type": "Polygon", "coordinates": [[[10.72, 34.72], [10.74, 34.72], [10.74, 34.74], [10.72, 34.72]]]}
    park = new_project(title_fr="Parc urbain", geometry=area)
    return lamps, park


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_opens_with_arabic_and_funding(client, two):
    text = body(client.get(reverse("projects:export_csv"))).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    lamps = next(r for r in rows if r["title"] == "Éclairage LED")
    assert lamps["title_ar"] == "إنارة ذكية" and float(lamps["funding_ppp"]) == 900 and lamps["governorate"] == "Sfax"
    assert len(rows) == 2


def test_csv_follows_filters(client, two):
    text = body(client.get(reverse("projects:export_csv"), {"funding": "ppp"})).decode("utf-8")
    assert len(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))) == 1


def test_xlsx_opens(client, two):
    response = client.get(reverse("projects:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("id", "title") and len(rows) == 2 + 2
    assert {r[1] for r in rows[2:]} == {"Éclairage LED", "Parc urbain"}


@pytest.mark.parametrize("url", ["/projets/export.geojson", "/api/v1/projects.geojson"])
def test_geojson_is_valid(client, two, url):
    data = json.loads(body(client.get(url)))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties", "id"}
        geom = shape(feature["geometry"])
        assert geom.is_valid and 7 < geom.centroid.x < 12 and 30 < geom.centroid.y < 38
    assert {f["geometry"]["type"] for f in data["features"]} == {"Point", "Polygon"}


def test_api_list_filters_and_paginates(client, two):
    data = client.get("/api/v1/projects", {"funding": "ppp"}).json()
    assert data["count"] == 1 and data["items"][0]["title"] == "Éclairage LED"
    assert {f["source"] for f in data["items"][0]["funding"]} == {"ppp", "municipal_budget"}
    assert client.get("/api/v1/projects", {"q": "parc"}).json()["count"] == 1


def test_api_list_query_count_does_not_grow(client, new_project, django_assert_num_queries):
    for i in range(3):
        new_project(title_fr=f"P{i}")
    with django_assert_num_queries(3):  # count, page, funding lines
        client.get("/api/v1/projects")
    for i in range(30):
        new_project(title_fr=f"Q{i}")
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/projects").json()["items"]) == 33


def test_api_detail(client, two):
    lamps, _ = two
    data = client.get(f"/api/v1/projects/{lamps.pk}").json()
    assert data["stage"] == "idea" and data["history"][0]["to_stage"] == "idea" and data["geometry"]["type"] == "Point"
    assert client.get("/api/v1/projects/999999").status_code == 404


def test_api_writes_are_for_staff(client, people, places):
    payload = {"title_fr": "Bornes de recharge", "municipality": "sfax", "sector": "ENE", "intervention": "city_wide",
               "origin": "municipal_plan", "geometry": {"type": "Point", "coordinates": [10.75, 34.75]}}
    assert client.post("/api/v1/projects", payload, content_type="application/json").status_code == 401
    client.force_login(people["citizen"])
    assert client.post("/api/v1/projects", payload, content_type="application/json").status_code == 403
    client.force_login(people["sfax_municipal"])
    outside = {**payload, "geometry": {"type": "Point", "coordinates": [10.85, 34.75]}}
    response = client.post("/api/v1/projects", outside, content_type="application/json")
    assert response.status_code == 422 and "geometry" in response.json()["errors"]
    response = client.post("/api/v1/projects", payload, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/projects/{pk}", {"estimated_cost_tnd": "50000"}, content_type="application/json")
    assert response.status_code == 200 and float(response.json()["estimated_cost_tnd"]) == 50000
    response = client.post(f"/api/v1/projects/{pk}/transitions", {"to_stage": "qualified", "note": "ok"}, content_type="application/json")
    assert response.status_code == 201 and Project.objects.get(pk=pk).stage == Stage.QUALIFIED
    client.force_login(people["ezzit_municipal"])
    response = client.post(f"/api/v1/projects/{pk}/transitions", {"to_stage": "feasibility", "note": "x"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("url", [
    "/projets/export.csv", "/projets/export.xlsx", "/projets/export.geojson", "/api/v1/projects.geojson",
    "/projets/carte.geojson", "/projets/synthese/",
])
def test_exports_and_map_query_count_does_not_grow(client, new_project, url):
    def queries_for_one_request():
        with CaptureQueriesContext(connection) as ctx:
            body(client.get(url))
        return len(ctx.captured_queries)

    for i in range(3):
        new_project(title_fr=f"P{i}")
    client.get(url)  # warm what is cached once per process
    before = queries_for_one_request()
    for i in range(30):
        new_project(title_fr=f"Q{i}")
    assert queries_for_one_request() == before


def test_a_title_typed_as_a_formula_stays_text_in_both_spreadsheets(client, new_project):
    formula = '=HYPERLINK("http://evil.example","Cliquez")'
    new_project(title_fr=formula)
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("projects:export_csv"))).decode("utf-8-sig"))))
    assert rows[0]["title"] == "'" + formula
    sheet = load_workbook(io.BytesIO(client.get(reverse("projects:export_xlsx")).content)).active
    title = sheet.cell(row=3, column=2)
    assert (title.value, title.data_type) == (formula, "s")
