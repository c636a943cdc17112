"""Locate, search and the outlines the maps draw."""

import pytest
import shapely
from shapely.geometry import shape

from madina.territory import queries
from madina.territory.models import Governorate, Municipality


def test_a_point_in_central_gabes_is_in_gabes(territory):
    assert queries.locate(33.8815, 10.0982).slug == "gabes"
    assert queries.locate(36.8, 10.18).slug == "tunis"


def test_a_point_at_sea_is_in_no_municipality(territory):
    assert queries.locate(33.9, 10.4) is None  # Gulf of Gabès
    assert queries.locate(37.2, 9.9) is None  # inside Bizerte's bounding box, but in the sea


def test_locate_reuses_prepared_geometries_until_the_row_changes(territory, django_assert_num_queries):
    assert queries.locate(33.8815, 10.12).slug == "gabes"
    with django_assert_num_queries(1):  # candidates by bounding box only; the geometry is cached
        assert queries.locate(33.8815, 10.12).slug == "gabes"
    gabes = Municipality.objects.get(slug="gabes")
    gabes.set_geometry(shape(gabes.geometry).buffer(-0.02))  # about 2 km off the coast
    gabes.save()
    assert queries.locate(33.8815, 10.12) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("gabes", {"gabes"}), ("GABÈS", {"gabes"}), ("قابس", {"gabes"}), ("sakiet", {"sakiet-eddaier", "sakiet-ezzit"}),
     ("ساقية", {"sakiet-eddaier", "sakiet-ezzit"}), ("ariana", set()), ("el hamma", {"el-hamma"})],
)
def test_search_in_french_or_arabic(territory, typed, expected):
    assert {m.slug for m in queries.search_municipalities(typed)} == expected


def test_search_within_a_governorate(territory):
    assert queries.search_municipalities("", "gabes").count() == 16
    assert not queries.search_municipalities("sfax", "gabes").exists()


def test_lists_read_no_boundary_of_the_places_they_join(demo):
    """Boundaries are kilobytes of JSON per row that lists only name or link: only the maps' endpoints read them."""
    found = queries.search_municipalities("gabes").get()
    assert "geometry" in found.get_deferred_fields() and "geometry" in found.governorate.get_deferred_fields()
    perimeter = queries.perimeters().first()
    assert "geometry" in perimeter.municipality.get_deferred_fields()
    assert "geometry" in perimeter.municipality.governorate.get_deferred_fields()
    municipality = queries.municipality("gabes")
    assert municipality.geometry and "geometry" in municipality.governorate.get_deferred_fields()


def test_outlines_are_simplified_and_cached(territory, django_assert_num_queries):
    def vertices(geometries):
        return sum(shapely.get_num_coordinates(shape(g)) for g in geometries)

    gabes = Governorate.objects.get(slug="gabes")
    outlines = queries.municipality_outlines(gabes)
    assert len(outlines["features"]) == 16
    full = vertices(gabes.municipalities.values_list("geometry", flat=True))
    assert vertices(f["geometry"] for f in outlines["features"]) < full
    national = queries.governorate_outlines()
    assert vertices(f["geometry"] for f in national["features"]) < vertices(
        Governorate.objects.values_list("geometry", flat=True)
    ) / 2
    with django_assert_num_queries(2):  # the governorate's version, then the cache
        queries.governorate_outlines()
        queries.governorate_outlines()
