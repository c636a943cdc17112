"""Every length and number a project's API, services and forms take is checked against the model before the
database sees it (a 422 on the field, never a server error); null is refused where the model requires a value;
a stage change is dated between the project's entry in the catalogue and today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from madina.core.errors import Invalid
from madina.projects import services
from madina.projects.models import Project, Stage

BOWTIE = [[10.70, 34.70], [10.80, 34.80], [10.80, 34.70], [10.70, 34.80], [10.70, 34.70]]


@pytest.fixture
def staff_client(client, people):
    client.force_login(people["sfax_municipal"])
    return client


def patch(client, project, data):
    return client.patch(f"/api/v1/projects/{project.pk}", data, content_type="application/json")


def errors(response):
    assert response.status_code == 422, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(("data", "field"), [
    ({"title_fr": "x" * 201}, "title_fr"),
    ({"summary_fr": "x" * 501}, "summary_fr"),
    ({"summary_ar": "x" * 501}, "summary_ar"),
    ({"estimated_cost_tnd": 1e20}, "estimated_cost_tnd"),
    ({"estimated_cost_tnd": "0.0001"}, "estimated_cost_tnd"),
    ({"estimated_cost_tnd": -5}, "estimated_cost_tnd"),
    ({"estimated_cost_tnd": "NaN"}, "estimated_cost_tnd"),
    ({"is_ppp_candidate": None}, "is_ppp_candidate"),
    ({"title_fr": None}, "title_fr"),
    ({"sector": None}, "sector"),
    ({"intervention": None}, "intervention"),
    ({"sdg_targets": None}, "sdg_targets"),
])
def test_a_patch_out_of_the_models_bounds_or_null_where_required_is_a_422_on_its_field(staff_client, new_project,
                                                                                       data, field):
    project = new_project()
    assert field in errors(patch(staff_client, project, data))
    assert Project.objects.get(pk=project.pk).title_fr == "Navette électrique"


def test_null_empties_what_may_be_empty(staff_client, new_project):
    project = new_project(estimated_cost_tnd=1000)
    response = patch(staff_client, project, {"estimated_cost_tnd": None, "perimeter": None, "summary_ar": None})
    assert response.status_code == 200, response.content
    assert response.json()["estimated_cost_tnd"] is None


def test_a_new_project_is_bounded_the_same(staff_client, places):
    data = {"title_fr": "x" * 300, "municipality": "sfax", "sector": "MOB", "intervention": "city_wide",
            "origin": "municipal_plan", "origin_note": "y" * 301, "estimated_cost_tnd": -1}
    response = staff_client.post("/api/v1/projects", data, content_type="application/json")
    assert {"title_fr", "origin_note", "estimated_cost_tnd"} <= set(errors(response))
    assert not Project.objects.exists()


def test_the_service_refuses_what_the_columns_cannot_hold_whoever_calls_it(new_project, people):
    project = new_project()
    with pytest.raises(Invalid) as refusal:
        services.update_project(project, people["organiser"], summary_fr="x" * 501, estimated_cost_tnd=10**20)
    assert {"summary_fr", "estimated_cost_tnd"} <= set(refusal.value.errors)


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
def test_a_stage_change_dated_before_the_project_entered_the_catalogue_is_refused(staff_client, new_project, day):
    project = new_project()
    response = staff_client.post(f"/api/v1/projects/{project.pk}/transitions",
                                 {"to_stage": "qualified", "note": "Retenu.", "effective_date": day},
                                 content_type="application/json")
    assert "effective_date" in errors(response)
    assert Project.objects.get(pk=project.pk).stage == Stage.IDEA


def test_a_stage_change_dated_the_day_of_entry_is_taken(new_project, people):
    project = new_project()
    change = services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu.",
                                 effective_date=timezone.localdate())
    assert change.effective_date == timezone.localdate()


def test_a_demo_project_with_an_older_history_takes_changes_from_its_first_day(new_project, people):
    project = new_project()
    project.history.update(effective_date=datetime.date(2020, 3, 9))
    services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu en atelier.",
                        effective_date=datetime.date(2020, 3, 17))
    with pytest.raises(Invalid, match="depuis le 9 mars 2020"):
        services.transition(project, Stage.FEASIBILITY, people["organiser"], "Étude.",
                            effective_date=datetime.date(2020, 3, 1))


def test_a_stage_change_note_is_bounded(staff_client, new_project):
    project = new_project()
    response = staff_client.post(f"/api/v1/projects/{project.pk}/transitions",
                                 {"to_stage": "qualified", "note": "x" * (services.NOTE_MAX + 1)},
                                 content_type="application/json")
    assert "note" in errors(response)
    with pytest.raises(Invalid):
        services.transition(project, Stage.QUALIFIED, project.created_by, "x" * (services.NOTE_MAX + 1))


def test_a_self_intersecting_area_is_refused_saying_where_it_crosses(staff_client, new_project):
    project = new_project()
    response = patch(staff_client, project, {"geometry": {"type": "Polygon", "coordinates": [BOWTIE]}})
    assert "se recoupe près de la longitude 10.750000, latitude 34.750000" in errors(response)["geometry"][0]


def test_deeply_nested_geojson_is_a_422_on_geometry_in_the_api_and_a_form_error_on_the_page(staff_client, new_project,
                                                                                              places):
    project = new_project()
    deep = '{"geometry": {"type": "Polygon", "coordinates": ' + "[" * 100 + "]" * 100 + "}}"
    assert "trop profondément" in errors(patch(staff_client, project, deep))["geometry"][0]
    page = staff_client.post(reverse("projects:edit", kwargs={"pk": project.pk}), {
        "title_fr": "Navette", "municipality": str(places["sfax"].pk), "area_geojson": "[" * 50_000 + "]" * 50_000,
    })
    assert page.status_code == 200 and "GeoJSON valide" in page.content.decode()
