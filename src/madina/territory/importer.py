"""Import the gazetteer (governorates, then municipalities) from the tunmaps GeoJSON files.

Every feature is checked before anything is written, and the writes happen in one transaction: a malformed file
stops with a message naming the feature (its index in `features` and its name) and changes nothing.
Importing the same file again updates the rows in place (upsert by slug); rows absent from the file are kept, so
that a file holding a few governorates does not delete the others.

Municipalities listed more than once are merged by governorate and name. The source has two kinds of repeats:
- identical duplicates (13 municipalities of Gafsa appear twice with the same geometry): kept once;
- real parts (Bizerte and the La Galite islands, the Kerkennah islands, El Assouada): geometries are united.
Population and council seats describe the municipality, not a part: they are taken once (and must agree).
The listed area is also the municipality's: later parts repeat it with +1, +2, +3 km² (a copying artefact in
Kerkennah and El Assouada), so the smallest listed value is kept, never a sum.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.text import slugify
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from madina.core.geo import GeometryError, geometry_from_geojson, repaired_area
from madina.core.text import arabic_letters, fold

from .gazetteer import MUNICIPALITY_FRENCH_NAMES, GovernorateName, governorate_named
from .models import Governorate, Municipality, MunicipalityState
from .names import french_title
from .services import search_text_of

GOVERNORATE_PROPERTIES = ("NAME_EN", "NAME_AR")
MUNICIPALITY_PROPERTIES = ("NAME_EN", "NAME_EN_AR", "gouv_name", "POP", "area", "chairs", "state")


class TerritoryImportError(ValueError):
    """The file cannot be imported; the message names the feature and the problem."""


@dataclass
class ImportReport:
    kind: str
    features: int = 0
    created: int = 0
    updated: int = 0
    merged_parts: int = 0
    duplicates: int = 0
    repaired: list[str] = field(default_factory=list)

    def __str__(self):
        text = f"{self.kind}: {self.features} features read, {self.created} created, {self.updated} updated"
        if self.merged_parts or self.duplicates:
            text += f"; {self.merged_parts} parts merged, {self.duplicates} identical duplicates dropped"
        if self.repaired:
            text += f"; invalid geometry repaired for {', '.join(self.repaired)}"
        return text


def import_file(path) -> ImportReport:
    """Recognise a governorates or a municipalities file by its properties and import it."""
    features = _read_features(Path(path))
    first = features[0]["properties"]
    if "gouv_name" in first:
        return _import_municipalities(features)
    if "NAME_AR" in first:
        return _import_governorates(features)
    raise TerritoryImportError(
        f"{Path(path).name}: feature 0 has neither municipality properties (gouv_name, NAME_EN_AR, ...) "
        f"nor governorate ones (NAME_EN, NAME_AR); found {sorted(first)}"
    )


# Reading and checking -------------------------------------------------------------------------------------


def _read_features(path: Path) -> list[dict]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TerritoryImportError(f"{path}: cannot read the file ({exc.strerror})") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # the source starts with a byte-order mark
    except UnicodeDecodeError as exc:
        raise TerritoryImportError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise TerritoryImportError(f"{path.name}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise TerritoryImportError(f"{path.name}: expected a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise TerritoryImportError(f"{path.name}: the FeatureCollection has no features")
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise TerritoryImportError(f"feature {index}: not a GeoJSON Feature with properties")
    return features


def _label(index: int, feature: dict) -> str:
    name = feature["properties"].get("NAME_EN")
    return f"feature {index} ({name})" if name else f"feature {index}"


def _text(index, feature, key) -> str:
    value = feature["properties"].get(key)
    if value is None or not str(value).strip():
        raise TerritoryImportError(f"{_label(index, feature)}: missing property {key}")
    return str(value).strip()


def _number(index, feature, key, kind):
    text = _text(index, feature, key)
    try:
        value = kind(text)
    except (ValueError, InvalidOperation):
        raise TerritoryImportError(f"{_label(index, feature)}: {key} is not a number ({text!r})") from None
    if value < 0:
        raise TerritoryImportError(f"{_label(index, feature)}: {key} is negative ({text!r})")
    return value


def _geometry(index, feature, report: ImportReport) -> BaseGeometry:
    """The importer speaks English, like its file's property names and the command line that runs it."""
    try:
        with translation.override("en"):
            geom = geometry_from_geojson(feature.get("geometry") or {})
        if not geom.is_valid:
            geom = repaired_area(geom)
            report.repaired.append(_label(index, feature))
    except GeometryError as exc:
        raise TerritoryImportError(f"{_label(index, feature)}: geometry: {exc}") from exc
    return geom


def _governorate_of(index, feature, key) -> GovernorateName:
    name = _text(index, feature, key)
    known = governorate_named(name)
    if known is None:
        raise TerritoryImportError(f"{_label(index, feature)}: unknown governorate {name!r}")
    return known


# Governorates ---------------------------------------------------------------------------------------------


def _import_governorates(features: list[dict]) -> ImportReport:
    report = ImportReport("governorates", features=len(features))
    rows: dict[str, dict] = {}
    for index, feature in enumerate(features):
        known = _governorate_of(index, feature, "NAME_EN")
        if known.iso_code in rows:
            raise TerritoryImportError(f"{_label(index, feature)}: governorate {known.name_fr} listed twice")
        rows[known.iso_code] = {
            "known": known,
            "name_ar": arabic_letters(_text(index, feature, "NAME_AR")),
            "geometry": _geometry(index, feature, report),
        }
    with transaction.atomic():
        existing = {g.iso_code: g for g in Governorate.objects.filter(iso_code__in=rows)}
        for iso_code, row in rows.items():
            known = row["known"]
            governorate = existing.get(iso_code) or Governorate(iso_code=iso_code)
            report.updated += governorate.pk is not None
            report.created += governorate.pk is None
            governorate.slug = slugify(known.name_fr)
            governorate.name_fr, governorate.name_en, governorate.name_ar = known.name_fr, known.name_en, row["name_ar"]
            governorate.set_geometry(row["geometry"])
            governorate.save()
    return report


# Municipalities -------------------------------------------------------------------------------------------


@dataclass
class _Municipality:
    source_name: str
    governorate: GovernorateName
    name_ar: str
    population: int
    area_km2: Decimal
    council_seats: int
    state: str
    delegation_code: str
    first_index: int
    geometries: list = field(default_factory=list)
    geojsons: list = field(default_factory=list)


def _municipality_rows(features: list[dict], report: ImportReport) -> dict[tuple, _Municipality]:
    groups: dict[tuple, _Municipality] = {}
    states = set(MunicipalityState.values)
    for index, feature in enumerate(features):
        for key in MUNICIPALITY_PROPERTIES:
            _text(index, feature, key)
        source_name = " ".join(_text(index, feature, "NAME_EN").split())
        governorate = _governorate_of(index, feature, "gouv_name")
        state = _text(index, feature, "state")
        if state not in states:
            raise TerritoryImportError(f"{_label(index, feature)}: unknown state {state!r} (expected old, extended or new)")
        row = _Municipality(
            source_name=source_name,
            governorate=governorate,
            name_ar=arabic_letters(_text(index, feature, "NAME_EN_AR")),
            population=_number(index, feature, "POP", int),
            area_km2=_number(index, feature, "area", Decimal),
            council_seats=_number(index, feature, "chairs", int),
            state=state,
            delegation_code=str(feature["properties"].get("C_DELEG") or "")[:8],
            first_index=index,
        )
        geometry = _geometry(index, feature, report)
        key = (governorate.iso_code, fold(source_name))
        known = groups.setdefault(key, row)
        if known is not row:
            for attribute in ("population", "council_seats", "state", "name_ar"):
                if getattr(known, attribute) != getattr(row, attribute):
                    raise TerritoryImportError(
                        f"{_label(index, feature)}: this part of {source_name} disagrees with feature "
                        f"{known.first_index} on {attribute} ({getattr(row, attribute)} vs {getattr(known, attribute)})"
                    )
            known.area_km2 = min(known.area_km2, row.area_km2)
        if feature["geometry"] in known.geojsons:
            report.duplicates += 1
        else:
            report.merged_parts += known is not row
            known.geojsons.append(feature["geometry"])
            known.geometries.append(geometry)
    return groups


def _slugs(groups: dict[tuple, _Municipality]) -> dict[tuple, str]:
    """Slug of the name ("l-ariana-ville"); a name found in two governorates gets the governorate appended."""
    by_slug = defaultdict(list)
    for key, row in groups.items():
        by_slug[slugify(row.source_name.replace("'", " "))].append(key)
    slugs = {}
    for slug, keys in by_slug.items():
        for key in keys:
            gov = groups[key].governorate
            slugs[key] = slug if len(keys) == 1 else f"{slug}-{slugify(gov.name_fr)}"
    return slugs


def _import_municipalities(features: list[dict]) -> ImportReport:
    report = ImportReport("municipalities", features=len(features))
    groups = _municipality_rows(features, report)
    slugs = _slugs(groups)
    with transaction.atomic():
        governorates = {
            g.iso_code: g for g in Governorate.objects.select_for_update().filter(
                iso_code__in={row.governorate.iso_code for row in groups.values()}
            )
        }
        for row in groups.values():
            if row.governorate.iso_code not in governorates:
                raise TerritoryImportError(
                    f"feature {row.first_index} ({row.source_name}): governorate {row.governorate.name_fr} is not "
                    "imported yet (import governorates.geojson first)"
                )
        existing = {m.slug: m for m in Municipality.objects.filter(slug__in=slugs.values())}
        now = timezone.now()
        to_create, to_update = [], []
        for key, row in groups.items():
            municipality = existing.get(slugs[key]) or Municipality(slug=slugs[key])
            (to_update if municipality.pk else to_create).append(municipality)
            _fill(municipality, row, governorates[row.governorate.iso_code], now)
        Municipality.objects.bulk_create(to_create, batch_size=100)
        for municipality in to_update:  # one UPDATE per row: bulk_update's CASE per column is far slower here
            municipality.save(update_fields=_MUNICIPALITY_FIELDS)
        report.created, report.updated = len(to_create), len(to_update)
        _recount(Governorate.objects.all())
    return report


_MUNICIPALITY_FIELDS = [
    "governorate", "name_fr", "name_ar", "name_en", "search_text", "population", "area_km2",
    "council_seats", "state", "delegation_code", "source_parts", "geometry", "min_lon", "min_lat", "max_lon",
    "max_lat", "updated_at",
]


def _fill(municipality: Municipality, row: _Municipality, governorate: Governorate, now) -> None:
    name_fr = MUNICIPALITY_FRENCH_NAMES.get(row.source_name, french_title(row.source_name))
    name_en = french_title(row.source_name)
    municipality.governorate = governorate
    municipality.name_fr = name_fr
    municipality.name_en, municipality.name_ar = name_en, row.name_ar
    municipality.search_text = search_text_of(municipality)
    municipality.population = row.population
    municipality.area_km2 = row.area_km2
    municipality.council_seats = row.council_seats
    municipality.state = row.state
    municipality.delegation_code = row.delegation_code
    municipality.source_parts = len(row.geometries)
    geometry = row.geometries[0] if len(row.geometries) == 1 else unary_union(row.geometries)
    municipality.set_geometry(geometry)
    municipality.updated_at = now


def _recount(governorates) -> None:
    """Stored counts the lists show: municipalities and their population per governorate."""
    for governorate in governorates:
        totals = governorate.municipalities.aggregate(count=Count("pk"), population=Sum("population"))
        governorate.municipality_count = totals["count"]
        governorate.population = totals["population"] or 0
        governorate.save(update_fields=["municipality_count", "population", "updated_at"])
