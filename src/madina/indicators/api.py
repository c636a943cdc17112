"""Indicators open data: the catalogue, values by indicator, level and year, a municipality's values, and the
NGSI-LD export (FIWARE KeyPerformanceIndicator entities). `title` and `unit` are in the request's language."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from madina.core.api import responses
from madina.territory import queries as territory

from . import ngsi, queries
from .checks import FIRST_YEAR
from .models import Level, Value

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    title: str
    title_fr: str | None
    title_ar: str | None
    title_en: str | None
    framework: str = Field(description="u4ssc, national, or computed (measured by Madina from its own data).")
    dimension: str = Field(description="EC economy, EN environment, SC society and culture, MD participation.")
    subdimension: str
    category: str
    tier: str = Field(description="C core, A advanced (U4SSC), empty otherwise.")
    measures: str
    unit: str
    sdg_goals: str
    sdg_targets: str
    periodicity: str
    source_uri: str


class ValueOut(Schema):
    place: str = Field(description="The municipality's or governorate's slug; empty for the nation.")
    level: str
    year: int
    value: Decimal
    unit: str
    source: str
    method: str
    confidence: str = Field(description="measured, estimated, declared, or computed (by Madina).")
    illustrative: bool = Field(description="Demo data, not a real measurement.")
    entered_at: datetime


class MunicipalityValueOut(ValueOut):
    indicator: str


class ValueFilter(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=9999)
    level: Level = Level.MUNICIPALITY


class NgsiFilter(Schema):
    code: str = Field("", max_length=32, description="One indicator's code; all when empty.")
    year: int | None = Field(None, ge=FIRST_YEAR, le=9999)
    level: Level | None = None


def _value_out(value: Value, place: str) -> dict:
    return {
        "place": place, "level": value.level, "year": value.year, "value": value.value, "unit": value.unit,
        "source": value.source, "method": value.method, "confidence": value.confidence,
        "illustrative": value.illustrative, "entered_at": value.entered_at,
    }


@router.get("/indicators", response=responses({200: list[IndicatorOut]}), url_name="indicators_list")
def indicators(request):
    return list(queries.catalogue())


@router.get(
    "/indicators.jsonld", response=responses({200: list[dict]}), url_name="indicators_ngsi_ld",
    summary="Values as NGSI-LD KeyPerformanceIndicator entities (FIWARE Smart Data Model, key-values)",
)
def indicators_ngsi_ld(request, filters: Query[NgsiFilter]):
    """At most 1,000 entities a request: narrow with code, year and level. Each entity carries its `@context`
    (JSON-LD in the body, as NGSI-LD brokers accept it)."""
    return ngsi.entities(filters.code, filters.year, filters.level or "")


@router.get("/indicators/{code}", response=responses({200: IndicatorOut}, 404), url_name="indicators_detail")
def indicator(request, code: str):
    return queries.indicator(code)


@router.get(
    "/indicators/{code}/values", response=responses({200: list[ValueOut]}, 404), url_name="indicators_values"
)
def indicator_values(request, code: str, filters: Query[ValueFilter]):
    """The values of one level and year (the latest year with values when none is given)."""
    found = queries.indicator(code)
    year = filters.year or next(iter(queries.years(found, filters.level)), None)
    rows = Value.objects.filter(indicator=found, level=filters.level, year=year).select_related(
        "municipality", "governorate"
    ).defer("municipality__geometry", "governorate__geometry").order_by("-value")
    return [
        _value_out(value, (value.municipality or value.governorate).slug if value.level != Level.NATION else "")
        for value in rows
    ]


@router.get(
    "/municipalities/{slug}/indicators", response=responses({200: list[MunicipalityValueOut]}, 404),
    url_name="municipality_indicators",
)
def municipality_indicators(request, slug: str):
    municipality = territory.municipality(slug)
    rows = Value.objects.filter(level=Level.MUNICIPALITY, municipality=municipality).select_related(
        "indicator"
    ).order_by("indicator__code", "year")
    return [{**_value_out(value, slug), "indicator": value.indicator.code} for value in rows]
