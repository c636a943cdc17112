"""A project's location must lie in its municipality (and its perimeter when it has one)."""

import pytest

from madina.core.errors import Invalid
from madina.projects.models import Intervention


def test_point_inside_is_stored_with_its_anchor(new_project):
    project = new_project(geometry={"type": "Point", "coordinates": [10.75, 34.75]})
    assert (project.lon, project.lat) == (10.75, 34.75)
    assert project.min_lon == project.max_lon == 10.75


def test_area_inside_gets_an_anchor_inside_it(new_project):
    area = {"type": "Polygon", "coordinates": [[[10.72, 34.72], [10.74, 34.72], [10.74, 34.74], [10.72, 34.74], [10.72, 34.72]]]}
    project = new_project(geometry=area)
    assert 10.72 <= project.lon <= 10.74 and 34.72 <= project.lat <= 34.74


def test_no_location_is_allowed(new_project):
    project = new_project(geometry=None)
    assert project.geometry is None and project.lon is None


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [10.85, 34.75]},  # in the neighbouring municipality
        {"type": "Polygon", "coordinates": [[[10.78, 34.72], [10.85, 34.72], [10.85, 34.74], [10.78, 34.72]]]},  # straddles
        {"type": "Point", "coordinates": [34.75, 10.75]},  # latitude and longitude swapped
        {"type": "LineString", "coordinates": [[10.75, 34.75], [10.76, 34.76]]},
        {"type": "Point", "coordinates": "here"},
        {"type": "Point"},
        "10.75,34.75",
    ],
)
def test_location_outside_or_malformed_is_refused(new_project, geometry):
    with pytest.raises(Invalid) as info:
        new_project(geometry=geometry)
    assert "geometry" in info.value.errors


def test_point_on_the_boundary_counts_within_tolerance(new_project):
    assert new_project(geometry={"type": "Point", "coordinates": [10.8005, 34.75]}).lon == 10.8005


def test_perimeter_projects_lie_in_their_perimeter(new_project, places):
    base = {"municipality": places["gabes"], "perimeter": places["oasis"], "intervention": Intervention.GREENFIELD}
    assert new_project(**base, geometry={"type": "Point", "coordinates": [10.10, 33.89]}).perimeter == places["oasis"]
    with pytest.raises(Invalid):
        new_project(**base, geometry={"type": "Point", "coordinates": [10.06, 33.86]})  # in Gabès, not in the perimeter


def test_perimeter_must_belong_to_the_municipality_and_fit_the_intervention(new_project, places):
    with pytest.raises(Invalid) as info:
        new_project(perimeter=places["oasis"], intervention=Intervention.RETROFIT)  # Sfax project, Gabès perimeter
    assert "perimeter" in info.value.errors
    with pytest.raises(Invalid):
        new_project(municipality=places["gabes"], intervention=Intervention.RETROFIT, geometry=None)  # no perimeter
    city_wide = new_project(municipality=places["gabes"], perimeter=places["oasis"], intervention=Intervention.CITY_WIDE,
                            geometry=None)
    assert city_wide.perimeter is None


def test_sdg_targets_are_checked(new_project):
    assert new_project(sdg_targets="11.2, 7.3 11.a").sdg_targets == ["11.2", "7.3", "11.a"]
    with pytest.raises(Invalid):
        new_project(sdg_targets=["18.1"])


def test_description_is_sanitised(new_project):
    project = new_project(description_fr='<p onclick="x()">Bien</p><script>alert(1)</script>')
    assert project.description_fr == "<p>Bien</p>"
