"""Reads of the indicators app for the pages, the API and the exports. Each page reads a fixed number of queries
whatever the number of values; figures derived over many places (a peer group's medians, the catalogue's
coverage) are kept in the shared cache under a version that every write moves (`changed()`)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils.translation import get_language

from madina.territory.models import Governorate, Municipality

from .models import Indicator, Level, ProjectIndicator, Target, Value

VERSION_KEY = "indicators:version"
POPULATION_CLASSES = (10_000, 20_000, 50_000, 100_000)
"""Peer groups: municipalities under 10,000 inhabitants, 10,000-20,000, 20,000-50,000, 50,000-100,000, more."""


def changed() -> None:
    """Called by every write of values: cached medians and coverage are read again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def remembered(name: str, compute):
    """What `compute` answers, kept until the next write of values or targets (a page's part, a figure)."""
    key = f"indicators:{name}:{_version()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, 24 * 3600)
    return found


def local_name(row: dict, prefix: str) -> str:
    """The place's name in the page's language, falling back to French (values() skips modeltranslation)."""
    return row.get(f"{prefix}name_{get_language()}") or row[f"{prefix}name_fr"]


def indicator(code: str) -> Indicator:
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        raise Http404(code)
    return found


def catalogue():
    return Indicator.objects.all()


def coverage() -> dict[int, dict]:
    """By indicator: how many municipalities have a value, the latest year, whether any value is illustrative."""
    def compute():
        rows = Value.objects.values("indicator_id").annotate(
            places=Count("municipality_id", distinct=True), latest=Max("year"),
            # PostgreSQL has no max() of booleans: "any illustrative" counts them instead, on both databases.
            illustrative=Count("pk", filter=Q(illustrative=True)),
        )
        return {row["indicator_id"]: row for row in rows}
    return remembered("coverage", compute)


def years(indicator: Indicator, level: str) -> list[int]:
    return list(
        Value.objects.filter(indicator=indicator, level=level).values_list("year", flat=True).distinct().order_by("-year")
    )


def place_values(indicator: Indicator, level: str, year: int) -> list[dict]:
    """Every value of the indicator at this level and year with its place's slug and name, highest first."""
    prefix = "municipality__" if level == Level.MUNICIPALITY else "governorate__"
    names = [f"{prefix}name_{code}" for code in ("fr", "ar", "en")]
    rows = Value.objects.filter(indicator=indicator, level=level, year=year).values(
        "value", "confidence", "illustrative", f"{prefix}slug", *names
    )
    out = [
        {"slug": row[f"{prefix}slug"], "name": local_name(row, prefix), "value": row["value"],
         "confidence": row["confidence"], "illustrative": row["illustrative"]}
        for row in rows
    ]
    out.sort(key=lambda row: (-row["value"], row["name"]))
    for rank, row in enumerate(out, start=1):
        row["rank"] = rank
    return out


def place_count(level: str) -> int:
    return (Municipality if level == Level.MUNICIPALITY else Governorate).objects.count()


def series_by_year(indicator: Indicator, level: str) -> list[dict]:
    """By year: how many places, their median, and the nation's own value when one is stored (every value of the
    indicator at that level is read: kept until the next write)."""
    return remembered(f"series:{indicator.pk}:{level}", lambda: _series_by_year(indicator, level))


def _series_by_year(indicator: Indicator, level: str) -> list[dict]:
    values = defaultdict(list)
    for year, value in Value.objects.filter(indicator=indicator, level=level).values_list("year", "value"):
        values[year].append(value)
    nation = dict(Value.objects.filter(indicator=indicator, level=Level.NATION).values_list("year", "value"))
    return [
        {"year": year, "places": len(values[year]), "median": statistics.median(values[year]),
         "nation": nation.get(year)}
        for year in sorted(values)
    ]


def population_class(population: int | None) -> int:
    population = population or 0
    return sum(1 for bound in POPULATION_CLASSES if population >= bound)


def class_bounds(klass: int) -> tuple[int | None, int | None]:
    low = POPULATION_CLASSES[klass - 1] if klass > 0 else None
    high = POPULATION_CLASSES[klass] if klass < len(POPULATION_CLASSES) else None
    return low, high


def peer_medians(klass: int) -> dict[tuple[int, int], Decimal]:
    """Median of every (indicator, year) over the municipalities of one population class."""
    def compute():
        low, high = class_bounds(klass)
        peers = Municipality.objects.all()
        if low is not None:
            peers = peers.filter(population__gte=low)
        if high is not None:
            peers = peers.exclude(population__gte=high)
        grouped = defaultdict(list)
        rows = Value.objects.filter(level=Level.MUNICIPALITY, municipality__in=peers.values("pk")).values_list(
            "indicator_id", "year", "value"
        )
        for indicator_id, year, value in rows.iterator(chunk_size=5000):
            grouped[(indicator_id, year)].append(value)
        return {key: statistics.median(found) for key, found in grouped.items()}
    return remembered(f"peers:{klass}", compute)


def municipality_values(municipality: Municipality) -> list[dict]:
    """The municipality's indicators, each with its series, latest target and its peer group's median."""
    values = defaultdict(list)
    for row in Value.objects.filter(level=Level.MUNICIPALITY, municipality=municipality).values(
        "indicator_id", "year", "value", "confidence", "illustrative", "source"
    ).order_by("year"):
        values[row["indicator_id"]].append(row)
    targets = {}
    for target in Target.objects.filter(municipality=municipality).order_by("year"):
        targets[target.indicator_id] = target
    medians = peer_medians(population_class(municipality.population))
    indicators = Indicator.objects.filter(pk__in=set(values) | set(targets))
    out = []
    for found in indicators:
        series = values.get(found.pk, [])
        for row in series:
            row["peer_median"] = medians.get((found.pk, row["year"]))
        out.append({
            "indicator": found, "series": series, "latest": series[-1] if series else None,
            "target": targets.get(found.pk),
        })
    return out


def aims_of_indicator(indicator: Indicator):
    return (
        ProjectIndicator.objects.filter(indicator=indicator)
        .select_related("project", "project__municipality")
        .defer("project__geometry", "project__municipality__geometry")
        .order_by("project__title")[:200]
    )


def aims_of_project(project_id: int):
    """For the project page (projects sits above and may read it): the indicators a project aims to move."""
    return ProjectIndicator.objects.filter(project_id=project_id).select_related("indicator")


def export_rows(indicator: Indicator | None = None, level: str | None = None, year: int | None = None):
    """Every value in the import's columns (municipality, indicator, year, value, unit, source, method,
    confidence, note, level) and whether it is illustrative (demo data)."""
    rows = Value.objects.all()
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if level:
        rows = rows.filter(level=level)
    if year:
        rows = rows.filter(year=year)
    yield ("municipality", "indicator", "year", "value", "unit", "source", "method", "confidence", "note", "level",
           "illustrative")
    for row in rows.order_by("indicator__code", "level", "year", "municipality__slug", "governorate__slug").values_list(
        "municipality__slug", "governorate__slug", "indicator__code", "year", "value", "unit", "source", "method",
        "confidence", "note", "level", "illustrative",
    ).iterator(chunk_size=5000):
        municipality, governorate, code, year_, value, unit, source, method, confidence, note, level_, shown = row
        yield (municipality or governorate or "", code, year_, plain(value), unit, source, method, confidence, note,
               level_, "yes" if shown else "")


def plain(value: Decimal) -> str:
    """A stored value without the column's trailing zeros: 97.500000 is 97.5."""
    return format(value.normalize(), "f") if value is not None else ""
