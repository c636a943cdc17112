"""Project sheets: one or two A4 pages per project for investors and roadshows, drawn by WeasyPrint (Pango
shapes Arabic and lays it right to left with Debian's Noto fonts; decisions/0007) from an HTML template, in the
reader's language. The map and the funding chart are SVG drawn here from the stored boundaries and funding plan,
so a sheet needs no tile server and no network.

A sheet is kept in media storage under the hash of its HTML and stylesheet (`ppp/sheets/`, never served: no
document of the app has that name), so an unchanged project is laid out once per language and a roadshow's ZIP
reuses the sheets already made. The stylesheet is parsed and the fonts configured once per process. Laying the
missing sheets out in worker processes was tried and lost: starting them (Python, Django, WeasyPrint) cost more than
the 0.1-0.2 s a sheet takes (bench/sheets.py)."""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from decimal import Decimal
from math import cos, radians

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from shapely.geometry import shape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from madina.core.mail import absolute_url
from madina.projects import queries as project_queries

from .media import SHEETS
from .models import FOR_INVESTORS, Screening

MAP_WIDTH, MAP_HEIGHT = 240, 170
BAR_WIDTH = 260
_FONTS = FontConfiguration()


def _rings(geometry: dict | None) -> list[list[tuple[float, float]]]:
    """The outer rings of a (Multi)Polygon, simplified to what a 320-pixel map shows."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return []
    geom = shape(geometry).simplify(0.0005, preserve_topology=False)
    polygons = list(getattr(geom, "geoms", [geom]))
    return [list(p.exterior.coords) for p in polygons if not p.is_empty]


def location_map(project) -> dict | None:
    """SVG paths of the municipality, the perimeter and the project's point, fitted to the map's box
    (longitudes shrunk by the cosine of the latitude, so the shapes keep their proportions)."""
    municipality = _rings(project.municipality.geometry)
    perimeter = _rings(project.perimeter.geometry) if project.perimeter else []
    points = [pt for ring in municipality + perimeter for pt in ring]
    if project.lon is not None:
        points.append((project.lon, project.lat))
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = cos(radians((south + north) / 2))
    span = max((east - west) * squeeze / MAP_WIDTH, (north - south) / MAP_HEIGHT, 1e-6)

    def xy(lon, lat):
        return (round(6 + (lon - west) * squeeze / span * (MAP_WIDTH - 12) / MAP_WIDTH, 1),
                round(6 + (north - lat) / span * (MAP_HEIGHT - 12) / MAP_HEIGHT, 1))

    def path(rings):
        return " ".join("M" + " L".join("{} {}".format(*xy(*pt[:2])) for pt in ring) + " Z" for ring in rings)

    point = xy(project.lon, project.lat) if project.lon is not None else None
    return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "municipality": path(municipality),
            "perimeter": path(perimeter), "point": point}


def funding_bars(project) -> list[dict]:
    lines = list(project.funding_lines.all())
    total = sum((line.amount_tnd for line in lines), Decimal(0))
    return [{"label": line.get_source_display(), "amount": line.amount_tnd,
             "share": round(line.amount_tnd * 100 / total) if total else 0,
             "width": round(float(line.amount_tnd / total) * BAR_WIDTH, 1) if total else 0}
            for line in lines]


def context(project, screening, language: str) -> dict:
    shown = screening if screening is not None and screening.stage in FOR_INVESTORS else None
    return {
        "project": project, "screening": shown, "map": location_map(project), "bars": funding_bars(project),
        "bar_width": BAR_WIDTH, "page_url": absolute_url(project.get_absolute_url()),
        "investor_url": absolute_url(shown.investor_url) if shown else "", "LANGUAGE_CODE": language,
        "LANGUAGE_BIDI": translation.get_language_bidi(),
    }


def sheet_html(project, screening, language: str) -> str:
    with translation.override(language):
        return render_to_string("ppp/sheet.html", context(project, screening, language))


@functools.cache
def _stylesheet() -> tuple[CSS, str]:
    """The parsed stylesheet, and the hash of what of it and of WeasyPrint a stored sheet depends on."""
    path = finders.find("ppp/sheet.css")
    with open(path, "rb") as css:
        digest = hashlib.sha256(css.read() + weasyprint.__version__.encode()).hexdigest()
    return CSS(filename=path, font_config=_FONTS), digest


def lay_out(html: str) -> bytes:
    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()[0]], font_config=_FONTS)


def _stored_name(project, language: str, html: str) -> str:
    digest = hashlib.sha256((_stylesheet()[1] + html).encode()).hexdigest()[:32]
    return f"{SHEETS}/{project.pk}/{language}-{digest}.pdf"


def _stored(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def _store(name: str, content: bytes) -> None:
    """Keep the new sheet and drop the project's older ones in that language."""
    folder, file = name.rsplit("/", 1)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    for old in files:
        if old.startswith(file.split("-", 1)[0] + "-") and old != file:
            default_storage.delete(f"{folder}/{old}")
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))


def sheet_pdf(project, screening, language: str) -> bytes:
    html = sheet_html(project, screening, language)
    name = _stored_name(project, language, html)
    content = _stored(name)
    if content is None:
        content = lay_out(html)
        _store(name, content)
    return content


def prepare(project_id: int) -> int:
    """Lay out a project's sheet in every language ahead of the readers (in the worker, when its screening opens
    to investors or changes there), so that the catalogue's ZIP finds them stored; returns how many were made."""
    project = project_queries.with_funding(project_queries.catalogue({})).filter(pk=project_id).first()
    if project is None:
        return 0
    screening = Screening.objects.filter(project=project).first()
    for language, _name in settings.LANGUAGES:
        sheet_pdf(project, screening, language)
    return len(settings.LANGUAGES)


def filename(project, language: str) -> str:
    return f"fiche-{project.pk}-{slugify(project.title_fr)[:60] or 'projet'}-{language}.pdf"


def sheets_zip(screenings, language: str) -> bytes:
    """The sheets of a list of screened projects, one PDF each, in one ZIP for a roadshow."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for screening in screenings:
            archive.writestr(filename(screening.project, language),
                             sheet_pdf(screening.project, screening, language))
    return buffer.getvalue()
