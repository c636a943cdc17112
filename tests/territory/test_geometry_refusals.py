"""A perimeter someone draws or uploads is refused when it crosses itself, saying where, and never silently
repaired; a GeoJSON nested or sized beyond reason is refused before it is walked. The gazetteer importer still
repairs the reference boundaries it reports (tests/territory/test_import.py)."""

import json

import pytest
from django.urls import reverse

from madina.core.errors import Invalid
from madina.core.permissions import OPERATOR
from madina.territory import services
from madina.territory.models import Municipality, Perimeter
from madina.territory.services import PerimeterData

# Two triangles meeting at (10.10, 33.88), inside Gabès.
BOWTIE = {"type": "Polygon", "coordinates": [[[10.09, 33.87], [10.11, 33.89], [10.11, 33.87], [10.09, 33.89],
                                              [10.09, 33.87]]]}


def test_a_self_intersecting_perimeter_is_refused_with_where_it_crosses(territory):
    gabes = Municipality.objects.get(slug="gabes")
    with pytest.raises(Invalid, match=r"se recoupe près de la longitude 10\.100000, latitude 33\.880000") as refusal:
        services.create_perimeter(gabes, PerimeterData(name_fr="Nœud", geometry=BOWTIE), OPERATOR)
    assert refusal.value.field == "geometry"
    assert not Perimeter.objects.exists()


@pytest.mark.parametrize(("geometry", "message"), [
    ({"type": "Polygon", "coordinates": [[[[[[10.1, 33.88]]]]]]}, "trop profondément"),
    ({"type": "MultiPolygon", "coordinates": [[[[10.1, 33.88, [1]]]]]}, "mal formées"),
])
def test_geometry_beyond_bounds_is_refused_on_the_field(territory, geometry, message):
    with pytest.raises(Invalid, match=message) as refusal:
        services.checked_geometry(geometry, Municipality.objects.get(slug="gabes"))
    assert refusal.value.field == "geometry"


def test_the_drawing_page_says_where_the_shape_crosses(users, client):
    client.force_login(users["gabes_staff"])
    response = client.post(reverse("territory:perimeter_create", args=["gabes"]),
                           {"name_fr": "Nœud", "geometry": json.dumps(BOWTIE)})
    assert response.status_code == 400
    assert "se recoupe près de la longitude 10.100000, latitude 33.880000" in response.content.decode()
