"""Reads of the catalogue. Every list here costs a fixed number of queries whatever its length."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import (
    Avg,
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Floor, NullIf
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from madina.core.models import without_boundaries
from madina.core.text import terms
from madina.indicators.models import ProjectIndicator
from madina.territory.models import Governorate, Municipality, Perimeter

from .models import Criterion, FundingLine, Project, Score, Sector, Stage, StageChange

FILTERS = ("governorate", "municipality", "sector", "stage", "funding", "perimeter", "q")


def active_filters(params: Mapping) -> dict[str, str]:
    """The filters a request asks for, as strings, empty ones dropped."""
    return {key: str(params.get(key)).strip() for key in FILTERS if params.get(key) and str(params.get(key)).strip()}


def filter_projects(qs: QuerySet, filters: Mapping[str, str]) -> QuerySet:
    if value := filters.get("governorate"):
        qs = qs.filter(municipality__governorate__slug=value)
    if value := filters.get("municipality"):
        qs = qs.filter(municipality__slug=value)
    if value := filters.get("sector"):
        qs = qs.filter(sector__code=value.upper())
    if value := filters.get("stage"):
        qs = qs.filter(stage=value)
    if value := filters.get("perimeter"):
        qs = qs.filter(perimeter__slug=value)
    if value := filters.get("funding"):
        qs = qs.filter(Exists(FundingLine.objects.filter(project=OuterRef("pk"), source=value)))
    for term in terms(filters.get("q", "")):  # each word in the project's texts or its municipality's names
        qs = qs.filter(Q(search_text__contains=term) | Q(municipality__search_text__contains=term))
    return qs


PLACES = ("municipality", "municipality__governorate", "perimeter")


def catalogue(filters: Mapping[str, str]) -> QuerySet:
    """Projects for the list, the exports and the API, newest first, with what each row shows."""
    qs = Project.objects.select_related("municipality__governorate", "sector", "perimeter").defer(*without_boundaries(*PLACES))
    return filter_projects(qs, filters).order_by("-created_at", "-id")


def recently_moved(limit: int) -> QuerySet:
    """Projects whose stage changed last, latest first (merged ones left out: they live on in another)."""
    return (
        Project.objects.filter(stage_changed_at__isnull=False).exclude(stage=Stage.MERGED)
        .select_related("municipality", "sector").defer("geometry", *without_boundaries("municipality"))
        .order_by("-stage_changed_at", "-pk")[:limit]
    )


def project_total() -> int:
    return Project.objects.count()


def with_funding(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(Prefetch("funding_lines", queryset=FundingLine.objects.order_by("source", "id")))


def filter_options() -> dict:
    """What the filter form offers: only municipalities and perimeters that have projects."""
    return {
        "governorates": list(Governorate.objects.order_by("name").only("slug", *_names())),
        "municipalities": list(
            Municipality.objects.filter(Exists(Project.objects.filter(municipality=OuterRef("pk"))))
            .order_by("name")
            .only("slug", *_names())
        ),
        "perimeters": list(
            Perimeter.objects.filter(Exists(Project.objects.filter(perimeter=OuterRef("pk"))))
            .order_by("name")
            .only("slug", *_names())
        ),
        "sectors": list(Sector.objects.all()),
    }


def _names():
    return ("name", "name_fr", "name_ar", "name_en")


def localized(field: str):
    """The column in the visitor's language, falling back to French when empty (as modeltranslation does)."""
    lang = (get_language() or "fr")[:2]
    if lang not in ("ar", "en"):
        return F(f"{field}_fr")
    return Coalesce(NullIf(F(f"{field}_{lang}"), Value("")), F(f"{field}_fr"), output_field=CharField())


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str | None) -> BBox | None:
        """"west,south,east,north" as Leaflet's toBBoxString gives it; anything else means no box."""
        try:
            west, south, east, north = (float(x) for x in (text or "").split(","))
        except ValueError:
            return None
        if west > east or south > north:
            return None
        return cls(west, south, east, north)

    def __str__(self):
        """The same "west,south,east,north" text `parse` reads."""
        return f"{self.west},{self.south},{self.east},{self.north}"


def _located(filters: Mapping[str, str], bbox: BBox | None = None) -> QuerySet:
    """The matching projects that have a point on the map (inside `bbox` when given)."""
    qs = filter_projects(Project.objects.filter(lon__isnull=False), filters)
    if bbox:
        qs = qs.filter(lon__gte=bbox.west, lon__lte=bbox.east, lat__gte=bbox.south, lat__lte=bbox.north)
    return qs


def map_points(filters: Mapping[str, str], bbox: BBox | None = None) -> list[tuple]:
    """(id, lon, lat, title, stage) of every located project matching, in one query and no model objects."""
    return list(_located(filters, bbox).annotate(label=localized("title")).values_list("id", "lon", "lat", "label", "stage"))


# Above this many points in the asked area the server sends grid cells instead (see map_cells).
MAP_POINTS_MAX = 2000


def map_cells(filters: Mapping[str, str], bbox: BBox, cell: float) -> list[tuple] | None:
    """(count, lon, lat, id, title) per square of `cell` degrees: the mean position of its projects, the id and
    title of one of them (what a cell of one project shows), when the area holds more than MAP_POINTS_MAX points; None when it holds fewer, so the browser
    gets the points themselves. A whole-country view is then a few hundred cells, not 10,000 points: two
    queries (a count, then one GROUP BY)."""
    qs = _located(filters, bbox)
    if qs.count() <= MAP_POINTS_MAX:
        return None
    rows = (
        qs.annotate(gx=Floor(F("lon") / cell), gy=Floor(F("lat") / cell))
        .values("gx", "gy")
        .annotate(n=Count("id"), mean_lon=Avg("lon"), mean_lat=Avg("lat"), one=Min("id"), label=Min(localized("title")))
        .order_by()
    )
    return [(r["n"], round(r["mean_lon"], 6), round(r["mean_lat"], 6), r["one"], r["label"]) for r in rows]


def map_bounds(filters: Mapping[str, str]) -> BBox | None:
    """The box around every located project matching, in one aggregate query: the map fits it first, then asks
    for the points of the area it shows, instead of fetching the whole country to find where to look."""
    box = _located(filters).aggregate(west=Min("lon"), south=Min("lat"), east=Max("lon"), north=Max("lat"))
    return None if box["west"] is None else BBox(**box)


def project_page(pk: int) -> Project:
    """A project with everything its page shows; Http404 when there is none."""
    return get_object_or_404(
        Project.objects.select_related("municipality__governorate", "sector", "perimeter", "stop__edition", "merged_into")
        .defer(*without_boundaries(*PLACES))
        .prefetch_related(
            Prefetch("funding_lines", queryset=FundingLine.objects.order_by("source", "id")),
            "promoter_links__organisation",
            "contacts__organisation",
            "milestones",
            "attachments",
            "progress_reports",
            Prefetch("history", queryset=StageChange.objects.select_related("made_by")),
            "absorbed",
            Prefetch("aimed_indicators", queryset=ProjectIndicator.objects.select_related("indicator")
                     .order_by("indicator__code")),
        ),
        pk=pk,
    )


@dataclass
class SummaryRow:
    key: str
    label: str
    count: int
    cost: float

    def share(self, total: float) -> float:
        return round(100 * self.cost / total, 1) if total else 0.0


def national_summary(filters: Mapping[str, str] | None = None) -> dict:
    """Counts and estimated costs by region (governorate), sector and stage: three grouped queries."""
    base = filter_projects(Project.objects.all(), filters or {})
    sums = {"count": Count("id"), "cost": Sum("estimated_cost_tnd")}
    totals = base.aggregate(**sums)

    def row(key, label, sums_row) -> SummaryRow:
        return SummaryRow(str(key), str(label), sums_row["count"], float(sums_row["cost"] or 0))

    def grouped(key, label):
        rows = base.values(key).annotate(label=label, **sums).order_by("-count", key)
        return [row(r[key], r["label"], r) for r in rows]

    by_stage = {r["stage"]: r for r in base.values("stage").annotate(**sums).order_by()}
    return {
        "count": totals["count"],
        "cost": float(totals["cost"] or 0),
        "by_governorate": grouped("municipality__governorate__slug", localized("municipality__governorate__name")),
        "by_sector": grouped("sector__code", localized("sector__name")),
        "by_stage": [row(stage.value, stage.label, by_stage[stage]) for stage in Stage if stage in by_stage],
    }


@dataclass
class RankedProject:
    project: Project
    score: float
    rank: int
    trial_score: float
    trial_rank: int

    @property
    def movement(self) -> int:
        """Places gained (positive) or lost under the trial weights."""
        return self.rank - self.trial_rank


def criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(is_active=True))


def _weighted(means: dict[int, float], weights: dict[int, int]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return round(sum(means.get(cid, 0.0) * w for cid, w in weights.items()) / total, 3)


def _ranks(scores: dict[int, float]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a place."""
    ordered = sorted(scores.values(), reverse=True)
    return {pid: ordered.index(value) + 1 for pid, value in scores.items()}


def ranking(trial_weights: dict[int, int] | None = None, filters: Mapping[str, str] | None = None) -> list[RankedProject]:
    """Scored projects ranked by the weighted mean of their evaluators' average scores per criterion, under
    the adopted weights and under trial weights, so organisers see who moves before adopting them."""
    active = criteria()
    adopted = {c.pk: c.weight for c in active}
    trial = {cid: (trial_weights or {}).get(cid, w) for cid, w in adopted.items()}
    means: dict[int, dict[int, float]] = defaultdict(dict)
    scored = filter_projects(Project.objects.all(), filters or {}).values("pk")
    rows = (
        Score.objects.filter(criterion__in=active, project__in=scored)
        .values("project_id", "criterion_id")
        .annotate(total=Sum("value"), n=Count("id"))
    )
    for row in rows:
        means[row["project_id"]][row["criterion_id"]] = row["total"] / row["n"]
    adopted_scores = {pid: _weighted(m, adopted) for pid, m in means.items()}
    trial_scores = {pid: _weighted(m, trial) for pid, m in means.items()}
    adopted_ranks, trial_ranks = _ranks(adopted_scores), _ranks(trial_scores)
    projects = Project.objects.select_related("municipality", "sector").in_bulk(list(means))
    result = [
        RankedProject(projects[pid], adopted_scores[pid], adopted_ranks[pid], trial_scores[pid], trial_ranks[pid])
        for pid in means
    ]
    return sorted(result, key=lambda r: (r.trial_rank, r.rank, r.project.pk))


def followed_by(user, project) -> bool:
    return user.is_authenticated and project.follows.filter(user=user).exists()
