"""Reads of the gazetteer: lists, search, "which municipality is here", and the GeoJSON the maps draw."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from shapely.geometry import Point, shape
from shapely.prepared import prep

from madina.accounts.models import Role
from madina.accounts.rules import is_organiser, roles
from madina.core.geo import simplified_geojson
from madina.core.models import joined_without_geometry
from madina.core.text import fold, terms

from .models import Governorate, Municipality, Perimeter

# Outline simplification for small-scale maps, in degrees (0.001 degree is about 100 m).
COUNTRY_TOLERANCE = 0.004
GOVERNORATE_TOLERANCE = 0.0007


def national_counts() -> dict:
    return {
        "governorates": Governorate.objects.count(),
        "municipalities": Municipality.objects.count(),
        "perimeters": Perimeter.objects.count(),
    }


def _by_name(rows):
    """Alphabetical in the reader's language, ignoring accents and the Arabic article's hamza."""
    return sorted(rows, key=lambda row: fold(row.name))


def governorates() -> list[Governorate]:
    return _by_name(Governorate.objects.defer("geometry"))


def governorate(slug: str) -> Governorate:
    return get_object_or_404(Governorate.objects.defer("geometry"), slug=slug)


def municipalities_of(governorate: Governorate) -> list[Municipality]:
    return _by_name(governorate.municipalities.defer("geometry"))


def municipality(slug: str) -> Municipality:
    """The municipality with its boundary (its page's API gives it), its governorate without."""
    return get_object_or_404(joined_without_geometry(Municipality.objects, "governorate"), slug=slug)


def _perimeter_rows():
    return joined_without_geometry(Perimeter.objects, "municipality__governorate")


def perimeter(slug: str) -> Perimeter:
    return get_object_or_404(_perimeter_rows(), slug=slug)


def perimeters(municipality: Municipality | None = None):
    rows = _perimeter_rows().defer("geometry")
    return rows.filter(municipality=municipality) if municipality else rows


def search_municipalities(text: str = "", governorate_slug: str = ""):
    """Municipalities whose French, Arabic or English name contains `text` (accents and hamzas ignored)."""
    rows = joined_without_geometry(Municipality.objects, "governorate").defer("geometry").order_by("slug")
    if governorate_slug:
        rows = rows.filter(governorate__slug=governorate_slug)
    for word in terms(text):
        rows = rows.filter(search_text__contains=word)
    return rows


# Locate --------------------------------------------------------------------------------------------------

_prepared: dict[int, tuple] = {}


def _prepared_shape(pk: int, version, load):
    """Prepared geometries, kept while the row is unchanged: a repeated "what is here?" skips the parsing."""
    cached = _prepared.get(pk)
    if cached is None or cached[0] != version:
        cached = (version, prep(shape(load())))
        _prepared[pk] = cached
    return cached[1]


def locate(lat: float, lon: float) -> Municipality | None:
    """The municipality containing the point: bounding boxes in the database, then an exact shapely test."""
    candidates = list(
        joined_without_geometry(Municipality.objects, "governorate").defer("geometry")
        .filter(min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat)
        .order_by("slug")
    )
    point = Point(lon, lat)
    for candidate in candidates:
        geometry = _prepared_shape(
            candidate.pk,
            candidate.updated_at,
            lambda c=candidate: Municipality.objects.values_list("geometry", flat=True).get(pk=c.pk),
        )
        if geometry.intersects(point):  # a point on a shared boundary belongs to the first by slug
            return candidate
    return None


# GeoJSON for maps ----------------------------------------------------------------------------------------


def _feature(row, geometry: dict, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "slug": row.slug,
            "name": row.name,
            "name_fr": row.name_fr,
            "name_ar": row.name_ar,
            "name_en": row.name_en,
            "url": row.get_absolute_url(),
            **properties,
        },
    }


def _collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _cached_outlines(key: str, rows, tolerance: float, subtitle) -> dict:
    """Simplified outlines, cached until a row changes (the version is the rows' latest update and count)."""
    version = rows.aggregate(latest=Max("updated_at"), count=Count("pk"))
    latest = version["latest"].timestamp() if version["latest"] else 0
    cache_key = f"territory:{key}:{get_language()}:{latest}:{version['count']}"
    data = cache.get(cache_key)
    if data is None:
        data = _collection(
            _feature(row, simplified_geojson(shape(row.geometry), tolerance), subtitle=subtitle(row))
            for row in rows.filter(geometry__isnull=False)
        )
        cache.set(cache_key, data, 24 * 3600)
    return data


def governorate_outlines() -> dict:
    return _cached_outlines(
        "governorates", Governorate.objects.all(), COUNTRY_TOLERANCE, lambda g: g.iso_code
    )


def municipality_outlines(governorate: Governorate | None = None) -> dict:
    rows = joined_without_geometry(Municipality.objects, "governorate")
    if governorate is not None:
        rows = rows.filter(governorate=governorate)
    return _cached_outlines(
        f"municipalities:{governorate.slug if governorate else 'all'}",
        rows,
        GOVERNORATE_TOLERANCE if governorate else COUNTRY_TOLERANCE,
        lambda m: m.governorate.name,
    )


def municipality_boundary(municipality: Municipality) -> dict:
    """The full boundary, for the municipality's own page."""
    return _collection([_feature(municipality, municipality.geometry, subtitle=municipality.governorate.name)])


def perimeters_geojson(rows=None) -> dict:
    rows = _perimeter_rows() if rows is None else rows
    return _collection(
        _feature(
            p, p.geometry, subtitle=p.municipality.name, area_ha=float(p.area_ha), is_approximate=p.is_approximate,
            municipality=p.municipality.slug,
        )
        for p in rows
        if p.geometry
    )


def managed_municipalities(user):
    """The municipalities a person works for (accounts.rules.manages_municipality, as a query, unordered): all of
    them for an organiser, else those of their governorates and their own."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if is_organiser(user):
        return Municipality.objects.all()
    held = roles(user)
    governorates = [g for role, g, _ in held if role == Role.GOVERNORATE_STAFF]
    municipalities = [m for role, _, m in held if role == Role.MUNICIPAL_STAFF]
    return Municipality.objects.filter(Q(governorate_id__in=governorates) | Q(pk__in=municipalities))
