"""GeoJSON from outside is bounded before shapely sees it (depth, vertices, finite numbers), and a shape someone
drew that crosses itself is refused saying where, never silently repaired (core.geo)."""

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.core import geo
from madina.core.geo import GeometryError, parse_geometry

SQUARE = [[10.0, 33.8], [10.1, 33.8], [10.1, 33.9], [10.0, 33.9], [10.0, 33.8]]
BOWTIE = [[10.0, 33.8], [10.2, 34.0], [10.2, 33.8], [10.0, 34.0], [10.0, 33.8]]


def nested(depth: int, core=None):
    """`depth` lists around `core`, built without recursion."""
    value = [] if core is None else core
    for _ in range(depth):
        value = [value]
    return value


# Any JSON-like coordinates: numbers (NaN and infinities included), strings, null, lists and objects, nested.
ANYTHING = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-10**30, 10**30) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=40,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(kind=st.sampled_from(["Point", "Polygon", "MultiPolygon"]), coordinates=ANYTHING,
       depth=st.integers(0, 3000))
def test_any_coordinates_at_any_depth_are_a_geometry_or_a_geometry_error(kind, coordinates, depth):
    data = {"type": kind, "coordinates": nested(depth, coordinates)}
    with contextlib.suppress(GeometryError):  # anything else (RecursionError, ValueError...) fails the test
        parse_geometry(data, allowed=("Point", "Polygon", "MultiPolygon"))
    if depth > geo.MAX_DEPTH:
        with pytest.raises(GeometryError):
            parse_geometry(data, allowed=("Point", "Polygon", "MultiPolygon"))


@pytest.mark.parametrize("depth", [5, 900, 50_000])
def test_deeply_nested_geojson_is_refused_as_text_and_as_parsed_json(depth):
    with pytest.raises(GeometryError, match=r"JSON valide|trop profondément"):
        parse_geometry('{"type": "Polygon", "coordinates": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(GeometryError, match="trop profondément"):
        parse_geometry({"type": "Polygon", "coordinates": nested(depth)})


def test_too_many_vertices_are_refused_before_shapely_builds_them():
    ring = [[10.0 + i * 1e-6, 33.8] for i in range(geo.MAX_VERTICES)] + [[10.0, 33.9], [10.0, 33.8]]
    with pytest.raises(GeometryError, match="trop de sommets"):
        parse_geometry({"type": "Polygon", "coordinates": [ring]})


@pytest.mark.parametrize("text", ['[NaN, 33.8]', '[10.0, Infinity]', '[10.0, "33.8"]', '[10.0, [33.8]]'])
def test_coordinates_are_finite_numbers(text):
    with pytest.raises(GeometryError, match="mal formées"):
        parse_geometry(json.loads('{"type": "Point", "coordinates": ' + text + "}"), allowed=("Point",))


def test_a_self_intersecting_shape_is_refused_saying_where_it_crosses():
    with pytest.raises(GeometryError, match=r"le contour se recoupe près de la longitude 10\.100000, latitude 33\.900000"):
        parse_geometry({"type": "Polygon", "coordinates": [BOWTIE]})
    assert parse_geometry({"type": "Polygon", "coordinates": [SQUARE]}).is_valid


def test_a_hole_outside_its_shell_is_refused_saying_where():
    hole = [[11.0, 34.8], [11.1, 34.8], [11.1, 34.9], [11.0, 34.8]]
    with pytest.raises(GeometryError, match="mal imbriqués près de la longitude"):
        parse_geometry({"type": "Polygon", "coordinates": [SQUARE, hole]})


def test_importers_still_repair_what_they_report():
    repaired = parse_geometry({"type": "Polygon", "coordinates": [BOWTIE]}, repair=True)
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
