"""Geometry helpers shared by every app that stores a place: GeoJSON in, shapely for tests, pyproj for areas.

We keep geometry as GeoJSON in a JSON column plus an indexed bounding box instead of GeoDjango, so that SQLite
works with no SpatiaLite and PostgreSQL with no PostGIS (docs/decisions/0002-geometry-without-postgis.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Geod
from shapely import make_valid
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")

# Tunisia with a margin: a coordinate outside is a swapped lat/lon or a typo, not a Tunisian place.
TUNISIA_BOUNDS = (7.0, 30.0, 12.0, 37.8)


class GeometryError(ValueError):
    """A geometry that cannot be stored: the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Bounds:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def parse_geometry(
    data: dict, *, allowed: tuple[str, ...] = ("Polygon", "MultiPolygon"), repair: bool = True
):
    """Turn a GeoJSON geometry (or a Feature holding one) into a valid shapely geometry, or say why not."""
    if not isinstance(data, dict):
        raise GeometryError("a GeoJSON geometry must be an object")
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise GeometryError(f"expected one feature, found {len(features)}")
        data = features[0].get("geometry") or {}
    kind = data.get("type")
    if kind not in allowed:
        raise GeometryError(f"expected a {' or '.join(allowed)}, found {kind!r}")
    try:
        geom = shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError(f"malformed coordinates: {exc}") from exc
    if geom.is_empty:
        raise GeometryError("the geometry is empty")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    w, s, e, n = TUNISIA_BOUNDS
    if min_lon < w or max_lon > e or min_lat < s or max_lat > n:
        raise GeometryError("coordinates fall outside Tunisia (longitude, latitude order expected)")
    if not geom.is_valid:
        if not repair:
            raise GeometryError("the geometry is invalid (self-intersecting or badly nested rings)")
        geom = make_valid(geom)
        polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polygons:
            raise GeometryError("the geometry is invalid and could not be repaired into an area")
        from shapely.ops import unary_union

        geom = unary_union(polygons)
    return geom


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid, so that hectares are right whatever the latitude."""
    area, _perimeter = WGS84.geometry_area_perimeter(geom)
    return abs(area)


def bounds_of(geom: BaseGeometry) -> Bounds:
    return Bounds(*geom.bounds)


def to_geojson(geom: BaseGeometry, precision: int = 6) -> dict:
    """GeoJSON with rounded coordinates: 6 decimals is 0.1 m, finer is noise that costs bytes."""
    from shapely import set_precision

    return mapping(set_precision(geom, 10**-precision))
