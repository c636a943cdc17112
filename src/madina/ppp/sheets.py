"""Project sheets: one or two A4 pages per project for investors and roadshows, drawn by WeasyPrint (Pango
shapes Arabic and lays it right to left with Debian's Noto fonts; decisions/0007) from an HTML template, in the
reader's language. The map and the funding chart are SVG drawn here from the stored boundaries and funding plan,
so a sheet needs no tile server and no network."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from math import cos, radians

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from shapely.geometry import shape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from madina.core.mail import absolute_url

from .models import FOR_INVESTORS

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


def sheet_pdf(project, screening, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string("ppp/sheet.html", context(project, screening, language))
        return HTML(string=html).write_pdf(
            stylesheets=[CSS(filename=finders.find("ppp/sheet.css"), font_config=_FONTS)], font_config=_FONTS)


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
