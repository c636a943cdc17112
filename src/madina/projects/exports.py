"""The catalogue as open data: CSV and XLSX for spreadsheets, GeoJSON for maps. Same columns everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import FundingSource, Project

CHUNK = 500


def _columns():
    return [
        ("id", _("identifiant"), lambda p: p.pk),
        ("title", _("titre"), lambda p: p.title),
        ("title_ar", _("titre (arabe)"), lambda p: p.title_ar or ""),
        ("governorate", _("gouvernorat"), lambda p: p.municipality.governorate.name),
        ("municipality", _("municipalité"), lambda p: p.municipality.name),
        ("perimeter", _("périmètre"), lambda p: p.perimeter.name if p.perimeter else ""),
        ("sector", _("secteur"), lambda p: p.sector.code),
        ("stage", pgettext("project stage", "étape"), lambda p: p.stage),
        ("intervention", _("type d'intervention"), lambda p: p.intervention),
        ("origin", _("identifié par"), lambda p: p.origin),
        ("sdg_targets", _("cibles ODD"), lambda p: " ".join(p.sdg_targets)),
        ("estimated_cost_tnd", _("coût estimé (TND)"), lambda p: float(p.estimated_cost_tnd) if p.estimated_cost_tnd is not None else None),
        *[
            (f"funding_{code}", label, _funding_getter(code))
            for code, label in FundingSource.choices
        ],
        ("ppp_candidate", _("candidat au PPP"), lambda p: p.is_ppp_candidate),
        ("physical_progress", _("avancement physique (%)"), lambda p: p.physical_progress),
        ("financial_progress", _("avancement financier (%)"), lambda p: p.financial_progress),
        ("longitude", _("longitude"), lambda p: p.lon),
        ("latitude", _("latitude"), lambda p: p.lat),
        ("is_demo", _("démonstration"), lambda p: p.is_demo),
    ]


def _funding_getter(code):
    def get(project):
        amounts = [line.amount_tnd for line in project.funding_lines.all() if line.source == code]
        return float(sum(amounts)) if amounts else None

    return get


def rows(projects: Iterable[Project]) -> Iterator[list]:
    columns = _columns()
    yield [key for key, _label, _get in columns]
    for project in projects:
        yield [get(project) for _key, _label, get in columns]


def iterate(qs) -> Iterator[Project]:
    return qs.iterator(chunk_size=CHUNK)


def xlsx_rows(projects: Iterable[Project]) -> Iterator[list]:
    """Row 1 holds stable column keys, row 2 the labels in the visitor's language, then one row a project."""
    columns = _columns()
    yield [key for key, _label, _get in columns]
    yield [str(label) for _key, label, _get in columns]
    for project in projects:
        yield [get(project) for _key, _label, get in columns]


def feature(project: Project, columns=None) -> dict:
    properties = {key: get(project) for key, _label, get in columns or _columns()}
    properties["url"] = project.get_absolute_url()
    return {"type": "Feature", "id": project.pk, "geometry": project.geometry, "properties": properties}


def geojson_chunks(projects: Iterable[Project]) -> Iterator[str]:
    """A FeatureCollection streamed feature by feature (RFC 7946: WGS84 longitude, latitude)."""
    columns = _columns()
    yield '{"type":"FeatureCollection","features":['
    first = True
    for project in projects:
        yield ("" if first else ",") + json.dumps(feature(project, columns), ensure_ascii=False, separators=(",", ":"))
        first = False
    yield "]}"
