"""The public catalogue: filters, search in French and Arabic, map points, summary, and fixed query counts."""

import pytest
from django.conf import settings
from django.urls import reverse

from madina.projects import queries, services
from madina.projects.models import FundingSource, Intervention, Sector, Stage


@pytest.fixture
def catalogue(new_project, places, people):
    energy = Sector.objects.get(code="ENE")
    lamps = new_project(title_fr="Éclairage public LED", title_ar="إِنَارَة عمومية ذكية", sector=energy)
    bus = new_project(title_fr="Navette électrique")
    oasis = new_project(title_fr="Irrigation de l'oasis", municipality=places["gabes"], perimeter=places["oasis"],
                        intervention=Intervention.GREENFIELD, geometry={"type": "Point", "coordinates": [10.1, 33.89]})
    services.set_funding_plan(lamps, people["organiser"], [(FundingSource.PPP, 1000, "")])
    services.transition(bus, Stage.QUALIFIED, people["organiser"], "ok")
    return {"lamps": lamps, "bus": bus, "oasis": oasis}


def ids(filters):
    return {p.pk for p in queries.catalogue(filters)}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"lamps", "bus", "oasis"}),
        ({"governorate": "sfax"}, {"lamps", "bus"}),
        ({"municipality": "gabes"}, {"oasis"}),
        ({"sector": "ene"}, {"lamps"}),
        ({"stage": "qualified"}, {"bus"}),
        ({"funding": "ppp"}, {"lamps"}),
        ({"perimeter": "gabes-oasis"}, {"oasis"}),
        ({"q": "eclairage"}, {"lamps"}),  # accents ignored
        ({"q": "ÉCLAIRAGE led"}, {"lamps"}),
        ({"q": "انارة"}, {"lamps"}),  # Arabic without hamza or short vowels
        ({"q": "قابس"}, {"oasis"}),  # the municipality's Arabic name
        ({"q": "gabes"}, {"oasis"}),
        ({"governorate": "sfax", "sector": "MOB"}, {"bus"}),
        ({"governorate": "nowhere"}, set()),
    ],
)
def test_filters(catalogue, filters, expected):
    assert ids(filters) == {catalogue[k].pk for k in expected}


def test_a_municipality_renamed_in_the_admin_is_found_with_its_projects_under_its_new_name(catalogue, rf, places):
    from django.contrib.admin.sites import site

    from madina.territory.models import Municipality

    gabes = places["gabes"]
    gabes.name_fr = "Qabis"
    site._registry[Municipality].save_model(rf.post("/"), gabes, None, True)
    assert ids({"q": "qabis"}) == {catalogue["oasis"].pk}
    assert ids({"q": "gabes"}) == set()


def test_page_lists_and_filters_without_javascript(client, catalogue):
    response = client.get(reverse("projects:catalogue"), {"governorate": "sfax"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Éclairage public LED" in html and "Navette électrique" in html and "Irrigation" not in html
    assert '<label for="f-governorate">' in html


def test_catalogue_in_arabic_shows_arabic_titles(client, catalogue):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("projects:catalogue")).content.decode()
    assert 'dir="rtl"' in html and "إِنَارَة عمومية ذكية" in html


def _many(new_project, places, n, start=0):
    for i in range(start, start + n):
        new_project(title_fr=f"Projet {i}", geometry={"type": "Point", "coordinates": [10.71 + i * 0.0005, 34.75]})


def test_list_page_query_count_does_not_grow(client, new_project, places, django_assert_num_queries):
    _many(new_project, places, 3)
    url = reverse("projects:catalogue")
    client.get(url)  # warm the sector cache of the content types etc.
    with django_assert_num_queries(7):  # visitor without a session: count, page, four filter lists, map box
        client.get(url)
    _many(new_project, places, 40, start=3)
    with django_assert_num_queries(7):
        client.get(url)
    with django_assert_num_queries(7):
        client.get(url, {"page": 2, "q": "projet", "sector": "MOB"})


def test_map_points_are_compact_and_filtered_by_bbox(client, catalogue):
    data = client.get(reverse("projects:map_points"), {"bbox": "10.7,34.7,10.8,34.8"}).json()
    assert {f["id"] for f in data["features"]} == {catalogue["lamps"].pk, catalogue["bus"].pk}
    assert set(data["features"][0]["properties"]) == {"t", "s"}
    assert len(client.get(reverse("projects:map_points"), {"bbox": "bad"}).json()["features"]) == 3
    assert len(client.get(reverse("projects:map_points"), {"sector": "ENE"}).json()["features"]) == 1


def test_national_summary_counts_and_costs(catalogue, people):
    services.update_project(catalogue["lamps"], people["organiser"], estimated_cost_tnd=1000)
    services.update_project(catalogue["oasis"], people["organiser"], estimated_cost_tnd=500)
    data = queries.national_summary()
    assert data["count"] == 3 and data["cost"] == 1500
    by_governorate = {r.key: (r.count, r.cost) for r in data["by_governorate"]}
    assert by_governorate == {"sfax": (2, 1000.0), "gabes": (1, 500.0)}
    assert [r.key for r in data["by_stage"]] == ["idea", "qualified"]


def test_summary_page_draws_three_shared_charts_each_with_its_table(client, catalogue, people):
    services.update_project(catalogue["lamps"], people["organiser"], estimated_cost_tnd=2800000)
    html = client.get(reverse("projects:summary")).content.decode()
    assert html.count('<svg class="chart-drawing"') == 3 and html.count('<table class="visually-hidden">') == 3
    assert "Projets par secteur" in html and "Projets par étape" in html and "Projets par gouvernorat" in html
    assert "2\u00a0800\u00a0000 TND" in html and 'class="bars"' not in html


def test_summary_charts_follow_the_language(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(reverse("projects:summary")).content.decode()
    assert 'direction="rtl"' in html and 'direction="ltr"' not in html


def test_detail_page_shows_history_and_demo_flag(client, catalogue):
    html = client.get(catalogue["bus"].get_absolute_url()).content.decode()
    assert "Navette électrique" in html and 'aria-current="step"' in html and "Historique" in html
