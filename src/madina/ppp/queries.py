"""Reads of the PPP catalogue: the investor list and its filters, a project's investor view, the national
pipeline, and what each person may read of the companies' messages. Each list costs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madina.core.models import without_boundaries
from madina.projects.models import FundingLine

from .models import FOR_INVESTORS, READINESS, Interest, InvestorDocument, Review, Screening, SoundingRound
from .rules import follows_up

MILLION = Decimal(1_000_000)
SIZES = [
    ("small", _("moins de 5 millions TND"), None, 5 * MILLION),
    ("medium", _("de 5 à 20 millions TND"), 5 * MILLION, 20 * MILLION),
    ("large", _("20 millions TND et plus"), 20 * MILLION, None),
]
FILTERS = ("sector", "governorate", "size", "contract_form", "stage")
PLACES = ("project__municipality", "project__municipality__governorate", "project__perimeter")


def active_filters(params: Mapping) -> dict[str, str]:
    return {key: str(params.get(key)).strip() for key in FILTERS if str(params.get(key) or "").strip()}


def _screenings() -> QuerySet:
    return Screening.objects.select_related(
        "project__municipality__governorate", "project__sector", "project__perimeter"
    ).defer(*without_boundaries(*PLACES))


def _filtered(qs: QuerySet, filters: Mapping[str, str]) -> QuerySet:
    """The filters the catalogue and the national view share."""
    if value := filters.get("sector"):
        qs = qs.filter(project__sector__code=value.upper())
    if value := filters.get("governorate"):
        qs = qs.filter(project__municipality__governorate__slug=value)
    if value := filters.get("contract_form"):
        qs = qs.filter(contract_form=value)
    if value := filters.get("stage"):
        qs = qs.filter(stage=value)
    return qs


def investor_catalogue(filters: Mapping[str, str]) -> QuerySet:
    """Projects open to investors (from "ready for market sounding" on), largest first."""
    qs = _filtered(_screenings().filter(stage__in=FOR_INVESTORS), filters)
    size = next((s for s in SIZES if s[0] == filters.get("size")), None)
    if size:
        _key, _label, low, high = size
        qs = qs.filter(capital_cost_tnd__gte=low) if low is not None else qs
        qs = qs.filter(capital_cost_tnd__lt=high) if high is not None else qs
    return qs.order_by("-capital_cost_tnd", "pk")


def with_sheet_parts(qs: QuerySet) -> QuerySet:
    """What a project sheet draws besides the screening: the funding plan, and the boundaries for the map (the
    municipality's and the perimeter's, which the lists defer; read per row they cost two queries a sheet)."""
    return qs.defer(None).defer(*without_boundaries("project__municipality__governorate")).prefetch_related(Prefetch("project__funding_lines", queryset=FundingLine.objects.order_by("source", "id")))


def investor_view(project_id: int) -> Screening:
    """A project open to investors, with its documents and perimeter; 404 otherwise."""
    return get_object_or_404(
        with_sheet_parts(Screening.objects.select_related(
            "project__municipality__governorate", "project__sector", "project__perimeter"))
        .prefetch_related("documents"),
        project_id=project_id, stage__in=FOR_INVESTORS,
    )


def screening_page(project_id: int) -> Screening:
    return get_object_or_404(
        Screening.objects.select_related("project__municipality__governorate", "project__sector")
        .prefetch_related("documents", "history__made_by",
                          Prefetch("interests", queryset=Interest.objects.select_related("company")
                                   .prefetch_related("documents")),
                          Prefetch("rounds", queryset=SoundingRound.objects.annotate(answer_count=Count("answers")))),
        project_id=project_id,
    )


def documents_for(user, screening) -> list[InvestorDocument]:
    """The documents this person sees on the investor view: public ones, and the others once signed in."""
    return [d for d in screening.documents.all() if d.audience == "public" or user.is_authenticated]


def map_points(filters: Mapping[str, str]) -> list[dict]:
    features = []
    for s in investor_catalogue(filters):
        if s.project.lon is None:
            continue
        features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [s.project.lon, s.project.lat]},
            "properties": {"name": s.project.title, "url": s.investor_url, "subtitle": str(s.get_stage_display())},
        })
    return features


def pipeline(screenings) -> dict:
    """Counts by stage and governorate, total capital cost, what waits for review and for how long."""
    now = timezone.now()
    by_governorate: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(READINESS, 0))
    totals = dict.fromkeys(READINESS, 0)
    cost = Decimal(0)
    waiting = []
    for s in screenings:
        by_governorate[s.project.municipality.governorate.name][s.stage] += 1
        totals[s.stage] += 1
        cost += s.capital_cost_tnd or 0
        s.days_in_stage = (now - s.stage_since).days
        if s.review == Review.SUBMITTED:
            s.days_waiting = (now - s.submitted_at).days if s.submitted_at else 0
            waiting.append(s)
    rows = [(name, [counts[stage] for stage in READINESS], sum(counts.values()))
            for name, counts in sorted(by_governorate.items())]
    return {"stages": READINESS, "rows": rows, "totals": [totals[s] for s in READINESS], "cost": cost,
            "count": sum(totals.values()), "waiting": sorted(waiting, key=lambda s: s.submitted_at or now)}


def national(filters: Mapping[str, str]) -> list[Screening]:
    """Every screened project for the national body, narrowed by NationalFilterForm's filters."""
    qs = _filtered(_screenings(), filters)
    if filters.get("waiting"):
        qs = qs.filter(review=Review.SUBMITTED)
    return list(qs.order_by("project__municipality__governorate__name", "project__municipality__name", "pk"))


def interests_for(user, screening) -> list[Interest]:
    """Staff and reviewers read every company's interest; a company its own; anyone else nothing."""
    if follows_up.test(user, screening):
        return list(screening.interests.all())
    return [i for i in screening.interests.all() if i.company.account_id == user.pk]


def company_interests(company) -> QuerySet:
    return company.interests.select_related("screening__project__municipality").order_by("-created_at")

