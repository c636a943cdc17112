"""The catalogue in API v1: the list (same filters as the page), one project, GeoJSON, and writes for staff.

Writes go through services, so the API enforces exactly what the pages enforce; a refusal is the API's one
error schema (core.api.Problem) with its status."""

from datetime import date
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from madina.accounts.tokens import API_AUTH
from madina.caravan.models import Stop
from madina.core.api import Pages, responses
from madina.core.errors import Invalid
from madina.core.schemas import Linked
from madina.territory.models import Municipality, Perimeter

from . import exports, queries, services
from .models import Intervention, Origin, Project, Sector, Stage

router = Router(tags=["projects"])


class CatalogueFilters(FilterSchema):
    governorate: str | None = Field(None, description="governorate slug")
    municipality: str | None = Field(None, description="municipality slug")
    sector: str | None = Field(None, description="sector code, e.g. MOB")
    stage: Stage | None = None
    funding: str | None = Field(None, description="funding source code, e.g. ppp")
    perimeter: str | None = Field(None, description="perimeter slug")
    q: str | None = Field(None, description="text search (French or Arabic)")

    def as_dict(self) -> dict:
        return queries.active_filters(self.model_dump())


class Place(Schema):
    slug: str
    name: str


class FundingOut(Schema):
    source: str
    amount_tnd: Decimal
    note: str


class ProjectOut(Linked):
    id: int
    title: str
    title_fr: str
    title_ar: str | None
    summary: str
    governorate: Place
    municipality: Place
    perimeter: Place | None
    sector: str
    stage: Stage
    intervention: Intervention
    origin: Origin
    sdg_targets: list[str]
    estimated_cost_tnd: Decimal | None
    is_ppp_candidate: bool
    funding: list[FundingOut]
    physical_progress: int
    financial_progress: int
    follower_count: int
    lon: float | None
    lat: float | None
    is_demo: bool
    sheet_url: str = Field(description="the project's sheet (PDF, one or two pages) in the request's language")
    image_url: str | None = Field(None, description="its picture (add ?w=320, 640 or 1280 for a smaller copy)")
    image_alt: str = Field("", description="what the picture shows; empty: read the title")

    @staticmethod
    def resolve_image_url(obj):
        return obj.image.url if obj.image else None

    @staticmethod
    def resolve_governorate(obj):
        return obj.municipality.governorate

    @staticmethod
    def resolve_sheet_url(obj):
        """Served by the PPP catalogue (madina.ppp.sheets) at a project address, named in the URL map."""
        return reverse("project_sheet", kwargs={"pk": obj.pk})

    @staticmethod
    def resolve_sector(obj):
        return obj.sector.code

    @staticmethod
    def resolve_funding(obj):
        return list(obj.funding_lines.all())


class StageChangeOut(Schema):
    from_stage: str
    to_stage: Stage
    effective_date: date
    note: str


class MilestoneOut(Schema):
    title: str
    planned_date: date
    actual_date: date | None


class ProjectDetailOut(ProjectOut):
    description: str
    geometry: dict | None
    history: list[StageChangeOut]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_history(obj):
        return list(obj.history.all())

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


def _longest(name: str) -> int:
    return Project._meta.get_field(name).max_length


_COST = Project._meta.get_field("estimated_cost_tnd")
COST = {"ge": 0, "max_digits": _COST.max_digits, "decimal_places": _COST.decimal_places}


class ProjectIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "title_fr": "Navette électrique du centre-ville", "municipality": "gabes-ville", "sector": "MOB",
        "intervention": "city_wide", "origin": "municipal_plan", "estimated_cost_tnd": 1200000,
        "geometry": {"type": "Point", "coordinates": [10.1, 33.88]},
    }]})

    title_fr: str = Field(max_length=_longest("title"))
    title_ar: str = Field("", max_length=_longest("title"))
    title_en: str = Field("", max_length=_longest("title"))
    summary_fr: str = Field("", max_length=_longest("summary"))
    summary_ar: str = Field("", max_length=_longest("summary"))
    description_fr: str = ""
    description_ar: str = ""
    municipality: str = Field(description="municipality slug")
    perimeter: str | None = Field(None, description="perimeter slug")
    sector: str = Field(description="sector code")
    intervention: Intervention
    origin: Origin
    stop: int | None = Field(None, description="caravan stop id when origin is caravan_stop")
    origin_note: str = Field("", max_length=_longest("origin_note"))
    sdg_targets: list[str] = []
    estimated_cost_tnd: Decimal | None = Field(None, **COST)
    is_ppp_candidate: bool = False
    geometry: dict | None = Field(None, description="GeoJSON Point, Polygon or MultiPolygon inside the municipality")


class ProjectPatch(Schema):
    """Only the fields sent change. null empties a field that may be empty (perimeter, cost, geometry, the texts
    other than the French title); the others refuse it (their type has no null: absent means unchanged)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "summary_fr": "Une ligne de navettes électriques entre la gare et l'oasis.", "estimated_cost_tnd": 1500000,
    }]})

    title_fr: str = Field(None, max_length=_longest("title"))
    title_ar: str | None = Field(None, max_length=_longest("title"))
    summary_fr: str | None = Field(None, max_length=_longest("summary"))
    summary_ar: str | None = Field(None, max_length=_longest("summary"))
    description_fr: str | None = None
    description_ar: str | None = None
    perimeter: str | None = None
    sector: str = None
    intervention: Intervention = None
    sdg_targets: list[str] = None
    estimated_cost_tnd: Decimal | None = Field(None, **COST)
    is_ppp_candidate: bool = None
    geometry: dict | None = None


class TransitionIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "to_stage": "qualified", "note": "Retenu au plan d'investissement communal.",
    }]})

    to_stage: Stage
    note: str = Field(max_length=services.NOTE_MAX)
    effective_date: date | None = None
    merged_into: int | None = None


def _resolve(data: dict) -> dict:
    """Slugs and codes in, model objects out; an unknown one is a 422 like any other invalid field."""
    lookups = {
        "municipality": (Municipality, "slug"),
        "perimeter": (Perimeter, "slug"),
        "sector": (Sector, "code"),
        "stop": (Stop, "pk"),
    }
    for name, (model, field) in lookups.items():
        if data.get(name) is not None:
            obj = model.objects.filter(**{field: data[name]}).first()
            if obj is None:
                raise Invalid(_("%(value)s : inconnu.") % {"value": data[name]}, field=name)
            data[name] = obj
    for key in ("intervention", "origin"):
        if data.get(key) is not None:
            data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
    return data


def _detail(pk: int) -> Project:
    """One project with what the list shows of it (and its funding in the list's order), plus its history."""
    return get_object_or_404(
        queries.with_funding(queries.catalogue({})).prefetch_related("history", "milestones"), pk=pk
    )


@router.get("/projects", response=responses({200: list[ProjectOut]}))
@paginate(Pages, page_size=50)
def list_projects(request, filters: Query[CatalogueFilters]):
    return queries.with_funding(queries.catalogue(filters.as_dict()))


@router.get("/projects.geojson", response=responses({200: None}))
def projects_geojson(request, filters: Query[CatalogueFilters]):
    """Every matching project as a GeoJSON FeatureCollection (RFC 7946)."""
    qs = queries.with_funding(queries.catalogue(filters.as_dict()))
    return StreamingHttpResponse(exports.geojson_chunks(exports.iterate(qs)), content_type="application/geo+json")


@router.get("/projects/{project_id}", response=responses({200: ProjectDetailOut}, 404))
def get_project(request, project_id: int):
    return _detail(project_id)


@router.post("/projects", response=responses({201: ProjectDetailOut}, 401, 403), auth=API_AUTH)
def create_project(request, payload: ProjectIn):
    project = services.create_project(request.user, **_resolve(payload.model_dump()))
    return Status(201, _detail(project.pk))


@router.patch(
    "/projects/{project_id}", response=responses({200: ProjectDetailOut}, 401, 403, 404), auth=API_AUTH
)
def update_project(request, project_id: int, payload: ProjectPatch):
    project = get_object_or_404(Project, pk=project_id)
    services.update_project(project, request.user, **_resolve(payload.model_dump(exclude_unset=True)))
    return Status(200, _detail(project_id))


@router.post(
    "/projects/{project_id}/transitions", response=responses({201: StageChangeOut}, 401, 403, 404),
    auth=API_AUTH,
)
def transition_project(request, project_id: int, payload: TransitionIn):
    project = get_object_or_404(Project, pk=project_id)
    merged_into = get_object_or_404(Project, pk=payload.merged_into) if payload.merged_into else None
    change = services.transition(
        project, payload.to_stage.value, request.user, payload.note, effective_date=payload.effective_date,
        merged_into=merged_into,
    )
    return Status(201, change)
