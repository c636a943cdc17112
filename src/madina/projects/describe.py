"""What describes a catalogue project, and the checks it must pass before it is stored: texts in three
languages, its place (inside its municipality, and its perimeter when it has one), its SDG targets. The services
and the demo loader describe projects through here, so both store the same checked data."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from shapely.geometry import Point

from madina.core.errors import Invalid, full_clean
from madina.core.geo import GeometryError, parse_geometry
from madina.core.sanitize import clean_html
from madina.core.text import search_text

from .models import IN_PERIMETER, Intervention, Origin, Project

LANGS = ("fr", "ar", "en")
TRANSLATED = ("title", "summary", "description")
# About 100 m: a point drawn on the boundary line, or a municipal outline simplified by the source, still counts.
LOCATION_TOLERANCE_DEG = 0.001
SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])\.([1-9]|1[0-9]|[a-d])$")
PLAIN_FIELDS = (
    "municipality", "perimeter", "sector", "intervention", "origin", "stop", "origin_note", "estimated_cost_tnd",
    "is_ppp_candidate", "is_demo",
)


def check_location(municipality, perimeter, geometry: dict | None):
    """The shapely geometry of a project's location, refused unless it lies inside its municipality (and
    inside its perimeter when it has one)."""
    if not geometry:
        return None
    try:
        geom = parse_geometry(geometry, allowed=("Point", "Polygon", "MultiPolygon"))
    except GeometryError as exc:
        raise Invalid(_("Localisation invalide : %(why)s") % {"why": exc}, field="geometry") from exc
    for place, message in (
        (municipality, _("La localisation doit se trouver dans la municipalité %(name)s.")),
        (perimeter, _("La localisation doit se trouver dans le périmètre %(name)s.")),
    ):
        if place is not None and place.geometry and not place.shape.buffer(LOCATION_TOLERANCE_DEG).covers(geom):
            raise Invalid(message % {"name": place}, field="geometry")
    return geom


def clean_sdg_targets(values) -> list[str]:
    if isinstance(values, str):
        values = [v for v in re.split(r"[\s,;]+", values) if v]
    targets = []
    for value in values or []:
        value = str(value).strip().lower()
        if not SDG_TARGET.match(value):
            raise Invalid(_("« %(value)s » n'est pas une cible ODD (ex. 11.2).") % {"value": value}, field="sdg_targets")
        if value not in targets:
            targets.append(value)
    return targets


def apply(project: Project, data: dict) -> None:
    """Set what describes the project from `data` (only the keys it holds): texts trimmed, rich text cleaned."""
    for name in TRANSLATED:
        for lang in LANGS:
            key = f"{name}_{lang}"
            if key in data:
                value = data[key] or ""
                setattr(project, key, clean_html(value) if name == "description" else value.strip())
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if "sdg_targets" in data:
        project.sdg_targets = clean_sdg_targets(data["sdg_targets"])
    if project.intervention == Intervention.CITY_WIDE:
        project.perimeter = None
    if project.origin != Origin.CARAVAN_STOP:
        project.stop = None


def validate(project: Project, geometry_given: bool, geometry) -> None:
    """Invalid, by field, unless the description holds together; a given location is checked and stored."""
    errors = {}
    if not (project.title_fr or "").strip():
        errors["title_fr"] = _("Le titre en français est obligatoire.")
    if project.perimeter_id and project.perimeter.municipality_id != project.municipality_id:
        errors["perimeter"] = _("Ce périmètre n'appartient pas à la municipalité du projet.")
    if project.intervention in IN_PERIMETER and not project.perimeter_id:
        errors["perimeter"] = _("Une intervention de ce type se fait dans un périmètre : choisissez-le.")
    if project.origin == Origin.CARAVAN_STOP and project.stop_id is None:
        errors["stop"] = _("Indiquez l'étape de la caravane où le projet a été identifié.")
    if errors:
        raise Invalid(errors={field: [message] for field, message in errors.items()})
    if geometry_given:
        geom = check_location(project.municipality, project.perimeter, geometry)
        if geom is None:
            project.geometry = None
            project.min_lon = project.min_lat = project.max_lon = project.max_lat = None
            project.lon = project.lat = None
        else:
            project.set_geometry(geom)
            anchor = geom if isinstance(geom, Point) else geom.representative_point()
            project.lon, project.lat = round(anchor.x, 6), round(anchor.y, 6)
    elif project.geometry:
        check_location(project.municipality, project.perimeter, project.geometry)


def search_text_of(project: Project) -> str:
    """Its titles and summaries in every language; its municipality's names are searched on the municipality."""
    return search_text(*(getattr(project, f"{name}_{lang}") for name in ("title", "summary") for lang in LANGS))


def save(project: Project) -> Project:
    """Store the project once every field fits its column (lengths, amounts), with its search text."""
    full_clean(project, validate_unique=False)
    project.search_text = search_text_of(project)
    project.save()
    return project
