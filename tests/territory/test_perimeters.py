"""Perimeters: geodesic area, containment, services keeping counts, permissions, demo data."""

from decimal import Decimal

import pytest
from django.utils import translation
from pyproj import Geod
from shapely.geometry import Polygon, box

from madina.core.errors import Invalid, NotAllowed
from madina.core.geo import geodesic_area_m2
from madina.core.models import AuditEntry
from madina.core.permissions import OPERATOR
from madina.territory import services
from madina.territory.models import Municipality, Perimeter
from madina.territory.services import PerimeterData


def square_km(lon, lat):
    """A 1 km x 1 km square built with geodesic forward steps, independently of the area computation."""
    geod = Geod(ellps="WGS84")
    lon_e, lat_e, _ = geod.fwd(lon, lat, 90, 1000)
    lon_ne, lat_ne, _ = geod.fwd(lon_e, lat_e, 0, 1000)
    lon_n, lat_n, _ = geod.fwd(lon, lat, 0, 1000)
    return Polygon([(lon, lat), (lon_e, lat_e), (lon_ne, lat_ne), (lon_n, lat_n)])


def test_geodesic_area_of_a_square_kilometre():
    assert geodesic_area_m2(square_km(10.09, 33.88)) == pytest.approx(1_000_000, rel=0.005)
    assert geodesic_area_m2(square_km(9.87, 37.27)) == pytest.approx(1_000_000, rel=0.005)


def test_demo_perimeters(demo):
    perle = Perimeter.objects.get(slug="la-perle-du-lac")
    assert perle.municipality.slug == "tunis" and perle.is_approximate
    assert (perle.name_fr, perle.name_ar, perle.name_en) == ("La Perle du Lac", "لؤلؤة البحيرة", "The Pearl of the Lake")
    gabes = Perimeter.objects.get(slug="gabes-oasis-intelligente")
    assert abs(gabes.area_ha - 42) < Decimal("1.5")
    for perimeter in Perimeter.objects.select_related("municipality"):
        assert perimeter.municipality.shape.contains(perimeter.shape)
        assert perimeter.municipality.perimeter_count == 1


def test_demo_loading_twice_changes_nothing(demo):
    from madina.territory.demo import load_demo_perimeters

    assert load_demo_perimeters() == 3
    assert Perimeter.objects.count() == 3
    assert Municipality.objects.get(slug="gabes").perimeter_count == 1


def test_a_perimeter_must_lie_inside_its_municipality(territory):
    gabes = Municipality.objects.get(slug="gabes")
    with pytest.raises(Invalid, match="sort des limites de la municipalité Gabès"):
        services.create_perimeter(gabes, PerimeterData(name_fr="Ailleurs", geometry=square_km(9.87, 37.27)), OPERATOR)
    assert gabes.perimeters.count() == 0


def test_boundary_tolerance(territory):
    """Up to 50 m over the boundary is accepted (generalised source lines); 200 m is not."""
    gabes = Municipality.objects.get(slug="gabes")
    inside = gabes.shape.buffer(-0.003).intersection(box(10.10, 33.87, 10.14, 33.89))
    slightly_over = gabes.shape.buffer(0.0003).intersection(box(10.10, 33.87, 10.14, 33.89))  # ~30 m
    far_over = gabes.shape.buffer(0.002).intersection(box(10.10, 33.87, 10.14, 33.89))  # ~200 m
    assert services.checked_geometry(inside, gabes)
    assert services.checked_geometry(slightly_over, gabes)
    with pytest.raises(Invalid):
        services.checked_geometry(far_over, gabes)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ('{"type": "Point", "coordinates": [10.1, 33.88]}', r"polygone \(Polygon\) ou multipolygone \(MultiPolygon\) attendu, point \(Point\) trouvé"),
        ("{not json", "pas du JSON valide \\(ligne 1, colonne 2\\)"),
        ('{"type": "Polygon", "coordinates": [[[33.88, 10.1], [33.89, 10.1], [33.89, 10.11], [33.88, 10.1]]]}',
         "hors de Tunisie"),
        ('{"type": "Polygon", "coordinates": [[[10.1, 33.88]]]}', "coordonnées mal formées"),
        ("[" * 50_000 + "]" * 50_000, "pas du JSON valide"),
    ],
)
def test_unusable_shapes_are_explained_in_the_readers_language(territory, geometry, message):
    with pytest.raises(Invalid, match=message) as refusal:
        services.checked_geometry(geometry, Municipality.objects.get(slug="gabes"))
    assert refusal.value.field == "geometry"


@pytest.mark.parametrize(("lang", "message"), [
    ("ar", "المنتظر مضلّع (Polygon) أو مضلّع متعدّد (MultiPolygon)، والموجود نقطة (Point)"),
    ("en", "expected polygon (Polygon) or multipolygon (MultiPolygon), found point (Point)"),
])
def test_an_uploaded_file_of_the_wrong_kind_is_refused_in_the_readers_words(territory, lang, message):
    with translation.override(lang), pytest.raises(Invalid) as refusal:
        services.checked_geometry('{"type": "Point", "coordinates": [10.1, 33.88]}', Municipality.objects.get(slug="gabes"))
    assert message in refusal.value.message


def test_update_and_delete_keep_counts(territory):
    gabes = Municipality.objects.get(slug="gabes")
    shape = gabes.shape.buffer(-0.003).intersection(box(10.09, 33.87, 10.11, 33.89))
    perimeter = services.create_perimeter(gabes, PerimeterData(name_fr="Centre", geometry=shape), OPERATOR)
    assert perimeter.slug == "centre" and perimeter.area_ha > 0
    other = services.create_perimeter(gabes, PerimeterData(name_fr="Centre", geometry=shape), OPERATOR)
    assert other.slug == "centre-2"
    gabes.refresh_from_db()
    assert gabes.perimeter_count == 2
    smaller = shape.buffer(-0.001)
    services.update_perimeter(perimeter, PerimeterData(name_fr="Centre-ville", name_ar="وسط المدينة", geometry=smaller), OPERATOR)
    perimeter.refresh_from_db()
    assert perimeter.name_ar == "وسط المدينة" and perimeter.area_ha < other.area_ha
    services.delete_perimeter(other, OPERATOR)
    gabes.refresh_from_db()
    assert gabes.perimeter_count == 1
    assert list(AuditEntry.objects.filter(municipality=gabes).order_by("pk").values_list("action", "details")) == [
        ("territory.perimeter_saved", {"created": True}), ("territory.perimeter_saved", {"created": True}),
        ("territory.perimeter_saved", {"created": False}), ("territory.perimeter_deleted", {})]


@pytest.mark.parametrize(
    ("who", "gabes", "bizerte", "add_anywhere"),
    [
        ("citizen", False, False, False),
        ("gabes_staff", True, False, True),
        ("bizerte_staff", False, True, True),
        ("gabes_governorate", True, False, True),
        ("organiser", True, True, True),
    ],
)
def test_permissions(users, demo, who, gabes, bizerte, add_anywhere):
    user = users[who]
    assert user.has_perm("territory.change_perimeter", Perimeter.objects.get(slug="gabes-oasis-intelligente")) is gabes
    assert user.has_perm("territory.change_perimeter", Perimeter.objects.get(slug="bizerte-centre-pietonnier")) is bizerte
    assert user.has_perm("territory.add_perimeter", Municipality.objects.get(slug="gabes")) is gabes
    assert user.has_perm("territory.add_perimeter") is add_anywhere


def test_governorate_staff_manage_every_municipality_of_their_governorate(users):
    el_hamma = Municipality.objects.get(slug="el-hamma")
    assert users["gabes_governorate"].has_perm("territory.add_perimeter", el_hamma)
    assert not users["gabes_staff"].has_perm("territory.add_perimeter", el_hamma)


def test_only_those_who_manage_the_municipality_may_draw_change_or_delete(territory, django_user_model):
    """The permission is checked by the service itself, not only by the page."""
    gabes = Municipality.objects.get(slug="gabes")
    shape = gabes.shape.buffer(-0.003).intersection(box(10.09, 33.87, 10.11, 33.89))
    perimeter = services.create_perimeter(gabes, PerimeterData(name_fr="Centre", geometry=shape), OPERATOR)
    citizen = django_user_model.objects.create_user("citoyen@example.tn", "x")
    with pytest.raises(NotAllowed):
        services.create_perimeter(gabes, PerimeterData(name_fr="Autre", geometry=shape), citizen)
    with pytest.raises(NotAllowed):
        services.update_perimeter(perimeter, PerimeterData(name_fr="Piraté", geometry=shape), citizen)
    with pytest.raises(NotAllowed):
        services.delete_perimeter(perimeter, citizen)
    perimeter.refresh_from_db()
    assert perimeter.name_fr == "Centre" and Municipality.objects.get(slug="gabes").perimeter_count == 1
