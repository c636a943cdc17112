"""Pages of the indicators: the national dashboard, an indicator's map and figures, a municipality's quality of
life, the open-data files, and the staff import page."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.accounts.rules import is_organiser, is_staff_member
from madina.core import charts
from madina.core.exports import csv_response, xlsx_response
from madina.core.pages import act
from madina.core.text import whole_number
from madina.territory import queries as territory

from . import queries, runs, services
from .forms import ImportForm, MapForm
from .importer import IndicatorImportError, import_rows, read_table
from .models import Dimension, Level


def _by_dimension(rows: list[dict]) -> list[dict]:
    """Rows of indicators (already in the catalogue's order, dimension first) under their dimension's name."""
    return [
        {"name": Dimension(key).label, "rows": list(group)}
        for key, group in groupby(rows, key=lambda row: row["indicator"].dimension)
    ]


def dashboard(request):
    coverage = queries.coverage()
    rows = [
        {"indicator": indicator, **coverage.get(indicator.pk, {"places": 0, "latest": None, "illustrative": False})}
        for indicator in queries.catalogue()
    ]
    return render(request, "indicators/dashboard.html", {
        "dimensions": _by_dimension(rows),
        "with_values": sum(1 for row in rows if row["places"]),
        "illustrative": any(row["illustrative"] for row in rows),
        "last_run": runs.last_run(),
        "municipality_count": queries.place_count(Level.MUNICIPALITY),
    })


def indicator_detail(request, code):
    """The map, ranking and distribution of a year are drawn once per level, year, language and version of the
    values, like a municipality's dashboard: 350 ranked rows."""
    indicator = queries.indicator(code)
    level = request.GET.get("level") if request.GET.get("level") in (Level.MUNICIPALITY, Level.GOVERNORATE) else (
        Level.MUNICIPALITY
    )
    years = queries.years(indicator, level)
    form = MapForm(request.GET or None, years)
    year = years[0] if years else None
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    part = queries.remembered(f"map:{indicator.pk}:{level}:{year}:{get_language()}",
                              lambda: _indicator_map(request, indicator, level, year))
    series = queries.series_by_year(indicator, level)
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "form": form, "level": level, "year": year, "map_part": part,
        "series": series, "series_line": charts.line([(s["year"], s["median"]) for s in series]),
        "aims": queries.aims_of_indicator(indicator),
    })


def _indicator_map(request, indicator, level: str, year: int | None) -> str:
    rows = queries.place_values(indicator, level, year) if year else []
    values = [row["value"] for row in rows]
    limits = charts.breaks(values)
    for row in rows:
        row["class"] = charts.class_of(row["value"], limits)
    return render_to_string("indicators/_indicator_map.html", {
        "indicator": indicator, "level": level, "year": year, "rows": rows,
        "place_count": queries.place_count(level),
        "legend": charts.legend(values, limits), "histogram": charts.histogram(values),
        "map_classes": {row["slug"]: row["class"] for row in rows},
        "illustrative": any(row["illustrative"] for row in rows),
    }, request)


def municipality_dashboard(request, slug):
    """The indicators part is drawn once per municipality, language and version of the values (every write of a
    value or target moves it): a municipality with ten years of ninety indicators is some nine hundred table
    rows, too many to draw at each request."""
    municipality = territory.municipality(slug)
    part = queries.remembered(f"dashboard:{municipality.pk}:{get_language()}",
                              lambda: _municipality_indicators(request, municipality))
    low, high = queries.class_bounds(queries.population_class(municipality.population))
    return render(request, "indicators/municipality_dashboard.html", {
        "municipality": municipality, "indicators_part": part, "peer_low": low, "peer_high": high,
    })


def _municipality_indicators(request, municipality) -> str:
    rows = queries.municipality_values(municipality)
    for row in rows:
        row["line"] = charts.line([(point["year"], point["value"]) for point in row["series"]], width=160, height=40)
    return render_to_string("indicators/_municipality_indicators.html", {
        "dimensions": _by_dimension(rows),
        "illustrative": any(point["illustrative"] for row in rows for point in row["series"]),
    }, request)


def _export(request, kind: str, indicator=None):
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    text = request.GET.get("year", "")
    year = whole_number(text, digits=4) if len(text) == 4 else None
    rows = queries.export_rows(indicator, level, year)
    name = f"indicateurs-{indicator.code.replace(':', '-') if indicator else 'madina'}"
    if kind == "xlsx":
        return xlsx_response(f"{name}.xlsx", "valeurs", rows)
    return csv_response(f"{name}.csv", rows)


def values_file(request, kind):
    return _export(request, kind)


def indicator_values_file(request, code, kind):
    return _export(request, kind, queries.indicator(code))


@login_required
def import_values(request):
    """Staff load a file of values for the places they manage; organisers for any place."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_rows(read_table(upload.name, upload.read()), request.user)
        except IndicatorImportError as refused:
            problems = refused.problems
        else:
            messages.success(request, str(report))
            return redirect("indicators:import")
    return render(request, "indicators/import.html", {
        "form": form, "problems": problems, "may_compute": is_organiser(request.user), "last_run": runs.last_run(),
    })


@require_POST
@login_required
def compute(request):
    act(request, lambda: services.request_computation(request.user),
        _("Le calcul des indicateurs de Madina est lancé."))
    return redirect("indicators:import")
