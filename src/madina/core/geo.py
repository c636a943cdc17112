"""Geometry helpers shared by every app that stores a place: GeoJSON in, shapely for tests, pyproj for areas.

We keep geometry as GeoJSON in a JSON column plus an indexed bounding box instead of GeoDjango, so that SQLite
works with no SpatiaLite and PostgreSQL with no PostGIS (docs/decisions/0002-geometry-without-postgis.md).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyproj import Geod
from shapely import make_valid, set_precision
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import explain_validity

WGS84 = Geod(ellps="WGS84")

# Tunisia with a margin: a coordinate outside is a swapped lat/lon or a typo, not a Tunisian place.
TUNISIA_BOUNDS = (7.0, 30.0, 12.0, 37.8)

# One degree of latitude is at least this long anywhere: metres -> degrees never overshoots a tolerance.
METRES_PER_DEGREE = 111_320.0

AREA_TYPES = ("Polygon", "MultiPolygon")

# What a GeoJSON geometry may hold before shapely (and numpy) sees it: arrays nested at most as deep as a
# MultiPolygon's (polygons > rings > positions > numbers), and at most this many positions. The 350 municipal
# boundaries have at most about a thousand each; a deeper or bigger document is refused, not recursed into.
MAX_DEPTH = 4
MAX_VERTICES = 100_000


class GeometryError(ValueError):
    """A geometry that cannot be stored: the message says why, for the person who sent it, in their language
    (an importer run on the command line says it in English)."""


@dataclass(frozen=True)
class Bounds:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def geometry_from_geojson(data, *, allowed: tuple[str, ...] = AREA_TYPES) -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry, Feature or one-feature FeatureCollection (maybe invalid).

    Strings are parsed as JSON, so that an uploaded file or a form field can be handed over as it came.
    """
    if isinstance(data, (str, bytes)):
        data = load_json(data)
    if not isinstance(data, dict):
        raise GeometryError(_("une géométrie GeoJSON est un objet"))
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise GeometryError(ngettext("une seule entité attendue, %(count)d trouvée",
                                         "une seule entité attendue, %(count)d trouvées", count) % {"count": count})
        data = features[0] if isinstance(features[0], dict) else {}
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in allowed:
        raise GeometryError(_("%(expected)s attendu, %(found)s trouvé") % {
            "expected": _(" ou ").join(geometry_name(k) for k in allowed),
            "found": geometry_name(kind) if isinstance(kind, str) else _("rien"),
        })
    check_coordinates(data.get("coordinates"))
    try:
        geom = shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError(_("coordonnées mal formées")) from exc
    if geom.is_empty:
        raise GeometryError(_("la géométrie est vide"))
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    w, s, e, n = TUNISIA_BOUNDS
    if min_lon < w or max_lon > e or min_lat < s or max_lat > n:
        raise GeometryError(_("les coordonnées tombent hors de Tunisie (ordre attendu : longitude, latitude)"))
    return geom


def geometry_name(kind: str) -> str:
    """A GeoJSON type in the reader's words, the type itself in brackets since the file spells it that way."""
    words = {
        "Point": _("point"), "MultiPoint": _("ensemble de points"), "LineString": _("ligne"),
        "MultiLineString": _("ensemble de lignes"), "Polygon": _("polygone"), "MultiPolygon": _("multipolygone"),
        "GeometryCollection": _("collection de géométries"),
    }
    return f"{words[kind]} ({kind})" if kind in words else kind


def load_json(text: str | bytes):
    """A JSON document typed or uploaded by someone, or GeometryError saying where it breaks (a document nested
    too deep for the parser is refused like any other malformed one)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeometryError(
            _("le texte n'est pas du JSON valide (ligne %(line)d, colonne %(column)d)")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise GeometryError(_("le texte n'est pas du JSON valide")) from exc


def check_coordinates(coordinates) -> None:
    """GeometryError unless the coordinates nest at most MAX_DEPTH arrays deep and hold at most MAX_VERTICES
    positions of finite numbers (JSON as Python reads it allows NaN and Infinity); walked with a stack, so that no depth sent can exhaust Python's recursion."""
    stack, positions = [(coordinates, 1)], 0
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, list):
            continue
        if depth > MAX_DEPTH:
            raise GeometryError(_("les coordonnées sont imbriquées trop profondément (au plus %(depth)d niveaux)")
                                % {"depth": MAX_DEPTH})
        if value and not isinstance(value[0], list):
            if not all(isinstance(number, (int, float)) and math.isfinite(number) for number in value):
                raise GeometryError(_("coordonnées mal formées"))
            positions += 1
            if positions > MAX_VERTICES:
                raise GeometryError(_("la géométrie a trop de sommets (au plus %(count)d)")
                                    % {"count": MAX_VERTICES})
        else:
            stack.extend((item, depth + 1) for item in value)


INVALIDITY = re.compile(r"^(?P<reason>[^\[]*)\[(?P<x>\S+) (?P<y>\S+)\]$")


def invalidity(geom: BaseGeometry) -> str:
    """Why a geometry is invalid and where, for the person who drew it: shapely's explain_validity in words."""
    found = INVALIDITY.match(explain_validity(geom))
    if not found:
        return _("la géométrie est invalide (contour qui se recoupe ou anneaux mal imbriqués)")
    reason = found["reason"].strip().lower()
    where = {"lon": float(found["x"]), "lat": float(found["y"])}
    if "self-intersection" in reason:
        return _("le contour se recoupe près de la longitude %(lon).6f, latitude %(lat).6f") % where
    if "too few points" in reason:
        return _("un contour a trop peu de points distincts, près de la longitude %(lon).6f, latitude %(lat).6f") \
            % where
    return _("les anneaux de la géométrie sont mal imbriqués près de la longitude %(lon).6f, latitude %(lat).6f") \
        % where


def repaired_area(geom: BaseGeometry) -> BaseGeometry:
    """A valid (multi)polygon from an invalid one (self-intersection, bad nesting), keeping only the areas."""
    if geom.is_valid:
        return geom
    fixed = make_valid(geom)
    parts = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in AREA_TYPES]
    if not parts:
        raise GeometryError(_("la géométrie est invalide et n'a pas pu être réparée en surface"))
    return unary_union(parts)


def parse_geometry(data, *, allowed: tuple[str, ...] = AREA_TYPES, repair: bool = False) -> BaseGeometry:
    """Turn a GeoJSON geometry (or a Feature holding one) into a valid shapely geometry, or say why not. A shape
    someone drew or sent is refused when invalid, saying where (never silently changed); `repair=True` is for
    importers of reference data, which report what they repaired."""
    geom = geometry_from_geojson(data, allowed=allowed)
    if geom.is_valid:
        return geom
    if not repair:
        raise GeometryError(invalidity(geom))
    return repaired_area(geom) if geom.geom_type in AREA_TYPES else geom


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid, so that hectares are right whatever the latitude."""
    area, _perimeter = WGS84.geometry_area_perimeter(geom)
    return abs(area)


def geodesic_area_ha(geom: BaseGeometry) -> float:
    return geodesic_area_m2(geom) / 10_000


def metres_to_degrees(metres: float) -> float:
    """A distance in degrees that is at most `metres` long in any direction (conservative for longitudes)."""
    return metres / METRES_PER_DEGREE


def within_tolerance(inner: BaseGeometry, outer: BaseGeometry, tolerance_m: float) -> bool:
    """Whether `inner` lies inside `outer` once `outer` is widened by `tolerance_m` metres.

    Boundaries from generalised sources are tens of metres off; a shape drawn along them must not be refused
    for that. Only the part of `outer` near `inner` is widened, which keeps large boundaries cheap.
    """
    if outer.contains(inner):
        return True
    margin = metres_to_degrees(tolerance_m)
    nearby = outer.intersection(inner.envelope.buffer(2 * margin))
    return nearby.buffer(margin).contains(inner)


def bounds_of(geom: BaseGeometry) -> Bounds:
    return Bounds(*geom.bounds)


def to_geojson(geom: BaseGeometry, precision: int = 6) -> dict:
    """GeoJSON with rounded coordinates: 6 decimals is 0.1 m, finer is noise that costs bytes."""
    return mapping(set_precision(geom, 10**-precision))


def simplified_geojson(geom: BaseGeometry, tolerance_deg: float, precision: int = 5) -> dict:
    """A lighter outline for small-scale maps (topology kept, so no polygon vanishes or self-crosses)."""
    return to_geojson(geom.simplify(tolerance_deg, preserve_topology=True), precision=precision)
