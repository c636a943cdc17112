"""Write use cases of the territory: drawing and changing smart-city perimeters.

A perimeter must lie inside its municipality. The municipal boundaries come from a generalised national
dataset whose lines are tens of metres off the ground truth (coasts especially), so a perimeter may cross its
municipality's boundary by at most CONTAINMENT_TOLERANCE_M metres; anything further is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry.base import BaseGeometry

from madina.core import audit, pictures
from madina.core.errors import Invalid
from madina.core.geo import GeometryError, geodesic_area_ha, parse_geometry, within_tolerance
from madina.core.permissions import person, require
from madina.core.text import search_text

from .models import Municipality, Perimeter
from .rules import may_change_municipality_picture

CONTAINMENT_TOLERANCE_M = 50
NOT_MUNICIPAL_STAFF = gettext_lazy("Seul le personnel qui gère cette municipalité peut changer son image.")
NOT_MANAGER = gettext_lazy("Seul le personnel qui gère cette municipalité peut tracer ou modifier ses périmètres.")


@dataclass
class PerimeterData:
    """What a person (form, API, demo loader) gives to describe a perimeter; names per language."""

    name_fr: str
    geometry: dict | str | BaseGeometry
    name_ar: str = ""
    name_en: str = ""
    description_fr: str = ""
    description_ar: str = ""
    description_en: str = ""
    is_approximate: bool = False


def search_text_of(municipality: Municipality) -> str:
    """What a municipality is found by: its names in every language, folded (core.text)."""
    return search_text(municipality.name_fr, municipality.name_en, municipality.name_ar)


def checked_geometry(geometry, municipality: Municipality) -> BaseGeometry:
    """A valid polygon inside the municipality, or Invalid (on the `geometry` field) saying what is wrong."""
    if isinstance(geometry, BaseGeometry):
        geom = geometry
    else:
        try:
            geom = parse_geometry(geometry)
        except GeometryError as exc:
            raise Invalid(_("Le tracé n'est pas utilisable : %(reason)s.") % {"reason": exc}, field="geometry") from exc
    if geodesic_area_ha(geom) < 0.01:
        raise Invalid(_("Le tracé est trop petit (moins de 100 m²)."), field="geometry")
    if municipality.shape is not None and not within_tolerance(geom, municipality.shape, CONTAINMENT_TOLERANCE_M):
        raise Invalid(
            _("Le périmètre sort des limites de la municipalité %(name)s (tolérance : %(metres)s m).")
            % {"name": municipality.name, "metres": CONTAINMENT_TOLERANCE_M},
            field="geometry",
        )
    return geom


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name.replace("œ", "oe").replace("Œ", "Oe").replace("'", " "))[:80] or "perimetre"
    slug, n = base, 2
    while Perimeter.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(perimeter: Perimeter, data: PerimeterData, geom: BaseGeometry) -> None:
    for field in ("name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en"):
        setattr(perimeter, field, (getattr(data, field) or "").strip() or None)
    perimeter.description_fr = perimeter.description_fr or ""
    perimeter.is_approximate = data.is_approximate
    perimeter.set_geometry(geom)
    perimeter.area_ha = Decimal(str(round(geodesic_area_ha(geom), 2)))


def _as_saved(perimeter: Perimeter) -> tuple:
    """What a save can change, comparable between the stored row and the edited instance (JSON text for the
    shape: shapely gives tuples where the database gives lists)."""
    return (perimeter.municipality_id, json.dumps(perimeter.geometry, sort_keys=True), perimeter.is_approximate,
            *(getattr(perimeter, field) for field in ("name_fr", "name_ar", "name_en", "description_fr",
                                                      "description_ar", "description_en")))


@transaction.atomic
def create_perimeter(municipality: Municipality, data: PerimeterData, user, *, slug: str = "") -> Perimeter:
    require("territory.add_perimeter", user, municipality, NOT_MANAGER)
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    geom = checked_geometry(data.geometry, municipality)
    perimeter = Perimeter(municipality=municipality, slug=slug or _unique_slug(data.name_fr), updated_by=person(user))
    _apply(perimeter, data, geom)
    perimeter.save()
    Municipality.objects.filter(pk=municipality.pk).update(perimeter_count=F("perimeter_count") + 1)
    audit.record("territory.perimeter_saved", user, municipality=municipality, target=perimeter, created=True)
    return perimeter


@transaction.atomic
def update_perimeter(perimeter: Perimeter, data: PerimeterData, user) -> Perimeter:
    """Save new names and shape; if `perimeter.municipality` was changed (admin), both counts follow, and the
    person must manage both municipalities."""
    before = Perimeter.objects.select_for_update().get(pk=perimeter.pk)
    stored = before.municipality_id
    require("territory.change_perimeter", user, before, NOT_MANAGER)
    municipality = Municipality.objects.select_for_update().get(pk=perimeter.municipality_id)
    require("territory.add_perimeter", user, municipality, NOT_MANAGER)
    geom = checked_geometry(data.geometry, municipality)
    _apply(perimeter, data, geom)
    perimeter.updated_by = person(user)
    perimeter.save()
    if stored != municipality.pk:
        Municipality.objects.filter(pk=stored).update(perimeter_count=F("perimeter_count") - 1)
        Municipality.objects.filter(pk=municipality.pk).update(perimeter_count=F("perimeter_count") + 1)
    if _as_saved(before) != _as_saved(perimeter):  # the demo loader refreshes its perimeters unchanged
        audit.record("territory.perimeter_saved", user, municipality=municipality, target=perimeter, created=False)
    return perimeter


@transaction.atomic
def set_municipality_picture(municipality: Municipality, user, **change) -> Municipality:
    """The municipality's picture on its page and its card (core.pictures checks and cleans the file)."""
    require(may_change_municipality_picture, user, municipality, NOT_MUNICIPAL_STAFF)
    pictures.apply(municipality, **change)
    return municipality


@transaction.atomic
def delete_perimeter(perimeter: Perimeter, user) -> None:
    require("territory.delete_perimeter", user, perimeter, NOT_MANAGER)
    Municipality.objects.select_for_update().filter(pk=perimeter.municipality_id).update(
        perimeter_count=F("perimeter_count") - 1
    )
    audit.record("territory.perimeter_deleted", user, municipality=perimeter.municipality, target=perimeter)
    perimeter.delete()
