"""The catalogue map's first view: the page gives the box to fit, and the browser only fetches visible points."""

import pytest
from django.urls import reverse

from madina.projects import queries

COUNTRY = "7,30,12,38"


def test_the_page_gives_the_box_of_the_matching_projects(client, new_project, places):
    new_project(geometry={"type": "Point", "coordinates": [10.71, 34.72]})
    new_project(geometry={"type": "Point", "coordinates": [10.79, 34.78]})
    new_project(municipality=places["gabes"], geometry={"type": "Point", "coordinates": [10.1, 33.9]})
    new_project(title_fr="Sans localisation", geometry=None)
    assert str(queries.map_bounds({})) == "10.1,33.9,10.79,34.78"
    assert str(queries.map_bounds({"governorate": "sfax"})) == "10.71,34.72,10.79,34.78"
    assert queries.map_bounds({"q": "introuvable"}) is None
    page = client.get(reverse("projects:catalogue"), {"governorate": "sfax"}).content.decode()
    assert 'data-bounds="10.71,34.72,10.79,34.78"' in page
    assert "data-bounds" not in client.get(reverse("projects:catalogue"), {"q": "introuvable"}).content.decode()
    # The list stays complete without JavaScript: every matching project is a row, located or not.
    assert page.count('class="project-table cards"') == 1 and "Navette électrique" in page
    assert "Sans localisation" in client.get(reverse("projects:catalogue")).content.decode()


def test_a_crowded_area_comes_back_grouped_by_grid_cell(client, new_project, places, monkeypatch):
    for i in range(4):
        new_project(title_fr=f"Sfax {i}", geometry={"type": "Point", "coordinates": [10.71 + i * 0.01, 34.75]})
    new_project(title_fr="Oasis", municipality=places["gabes"], geometry={"type": "Point", "coordinates": [10.1, 33.9]})
    url = reverse("projects:map_points")
    monkeypatch.setattr(queries, "MAP_POINTS_MAX", 3)
    data = client.get(url, {"bbox": COUNTRY, "cell": "0.5"}).json()
    cells = sorted((f["geometry"]["coordinates"], f["properties"]) for f in data["features"])
    assert cells == [([10.1, 33.9], {"t": "Oasis"}), ([10.725, 34.75], {"n": 4})]
    # Few points in the area, no grid size, or a grid size that makes no sense: the points themselves.
    assert len(client.get(url, {"bbox": "10.7,34.7,10.8,34.8", "cell": "0.5", "sector": "ENE"}).json()["features"]) == 0
    for params in ({"bbox": COUNTRY}, {"bbox": COUNTRY, "cell": "-1"}, {"bbox": COUNTRY, "cell": "x"}):
        assert {tuple(f["properties"]) for f in client.get(url, params).json()["features"]} == {("t", "s")}
    monkeypatch.setattr(queries, "MAP_POINTS_MAX", 10)
    assert len(client.get(url, {"bbox": COUNTRY, "cell": "0.5"}).json()["features"]) == 5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_crowded_view_draws_the_server_cells(page, live_server, new_project, places, monkeypatch):
    monkeypatch.setattr(queries, "MAP_POINTS_MAX", 3)
    for i in range(6):
        new_project(title_fr=f"Projet {i}", geometry={"type": "Point", "coordinates": [10.71 + i * 0.001, 34.75]})
    new_project(title_fr="Oasis", municipality=places["gabes"], geometry={"type": "Point", "coordinates": [10.1, 33.9]})
    page.goto(live_server.url + reverse("projects:catalogue"))
    page.wait_for_selector(".project-map .cluster-marker")
    assert page.locator(".project-map .cluster-marker").first.inner_text() == "6"
    assert page.locator(".project-map path.leaflet-interactive").count() == 1  # Gabès, a single project


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_first_view_fetches_only_the_visible_points(page, live_server, new_project, places):
    for i in range(5):
        new_project(title_fr=f"Projet {i}", geometry={"type": "Point", "coordinates": [10.71 + i * 0.01, 34.75]})
    new_project(title_fr="Oasis", municipality=places["gabes"], geometry={"type": "Point", "coordinates": [10.1, 33.9]})
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "carte.geojson" in r.url else None)
    page.goto(live_server.url + reverse("projects:catalogue") + "?governorate=sfax")
    page.wait_for_selector(".project-map .cluster-marker, .project-map .leaflet-interactive")
    assert requests and all("bbox=" in url for url in requests)
    west, south, east, north = (float(x) for x in requests[0].split("bbox=")[1].split("&")[0].split(","))
    assert west <= 10.71 and east >= 10.75 and south <= 34.75 <= north
    assert east < 11.5 and south > 34.0  # fitted to Sfax, not the whole country (Gabès lies at 33.9)
