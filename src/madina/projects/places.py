"""The catalogue's section on a place's page (territory.connections): its projects by stage."""

from __future__ import annotations

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.http import urlencode

from madina.territory.connections import Section, for_place
from madina.territory.models import Governorate, Municipality, Perimeter

from .models import Project, Stage
from .queries import filter_projects, localized

SHOWN_PER_STAGE = 8


def place_filter(place) -> dict[str, str] | None:
    """The catalogue's filter naming the place, so that the page and the catalogue list the same projects."""
    key = for_place(place, {Municipality: "municipality", Governorate: "governorate", Perimeter: "perimeter"})
    return {key: place.slug} if key else None


def projects_by_stage(place) -> Section | None:
    """Every stage the place's projects are at, in the pipeline's order, with its count and its most recently
    moved projects (linked to the catalogue filtered on the place and the stage): two queries."""
    filters = place_filter(place)
    if filters is None:
        return None
    rows = filter_projects(Project.objects.all(), filters)
    counts = dict(rows.order_by().values_list("stage").annotate(n=Count("pk")))
    shown: dict[str, list] = {}
    if counts:
        latest = Window(RowNumber(), partition_by=F("stage"), order_by=[
            F("stage_changed_at").desc(nulls_last=True), F("created_at").desc(), F("id").desc()])
        ranked = (rows.exclude(stage=Stage.MERGED).annotate(rank=latest).filter(rank__lte=SHOWN_PER_STAGE)
                  .order_by("rank").values_list("pk", localized("title"), "stage"))
        for pk, title, stage in ranked:
            shown.setdefault(stage, []).append((reverse("projects:detail", kwargs={"pk": pk}), title))
    catalogue = reverse("projects:catalogue")
    stages = [
        {"label": label, "count": counts[value], "projects": shown.get(value, []),
         "url": f"{catalogue}?{urlencode({**filters, 'stage': value})}"}
        for value, label in Stage.choices if counts.get(value)
    ]
    return Section(10, "projects/_place_projects.html", {
        "stages": stages, "total": sum(counts.values()), "url": f"{catalogue}?{urlencode(filters)}",
    })
