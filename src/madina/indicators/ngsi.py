"""Indicator values as NGSI-LD `KeyPerformanceIndicator` entities (FIWARE Smart Data Model
dataModel.KeyPerformanceIndicator 0.2.1, key-values form): what a city's data platform (Orion-LD, a regional
FIWARE broker) ingests as is."""

from __future__ import annotations

from django.db.models import Q

from madina.core.mail import absolute_url

from .models import Confidence, Indicator, Level, Value

CONTEXT = [
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
    "https://raw.githubusercontent.com/smart-data-models/dataModel.KeyPerformanceIndicator/master/context.jsonld",
]
METHOD = {Confidence.COMPUTED: "automatic", Confidence.MEASURED: "manual", Confidence.ESTIMATED: "manual",
          Confidence.DECLARED: "manual"}
FREQUENCY = {"Yearly": "yearly", "Monthly": "monthly", "Quarterly": "quarterly"}
PROCESS = "Tunisia national smart and sustainable cities programme (Madina)"


def entity_id(value: Value) -> str:
    place = {
        Level.MUNICIPALITY: lambda: f"municipality:{value.municipality.slug}",
        Level.GOVERNORATE: lambda: f"governorate:{value.governorate.slug}",
        Level.NATION: lambda: "nation:tn",
    }[value.level]()
    return f"urn:ngsi-ld:KeyPerformanceIndicator:madina:{value.indicator.code}:{place}:{value.year}"


def entity(value: Value) -> dict:
    indicator: Indicator = value.indicator
    address = {"addressCountry": "TN"}
    organization = "République tunisienne"
    if value.level == Level.MUNICIPALITY:
        address |= {"addressLocality": value.municipality.name_fr, "addressRegion": value.municipality.governorate.name_fr}
        organization = f"Commune de {value.municipality.name_fr}"
    elif value.level == Level.GOVERNORATE:
        address |= {"addressRegion": value.governorate.name_fr}
        organization = f"Gouvernorat de {value.governorate.name_fr}"
    return {
        "id": entity_id(value),
        "type": "KeyPerformanceIndicator",
        "name": indicator.code,
        "alternateName": indicator.title_en or indicator.title_fr,
        "description": indicator.title_fr + (f" ({indicator.unit_fr})" if indicator.unit_fr else ""),
        "category": ["quantitative"],
        "kpiValue": float(value.value),
        "calculationPeriod": {"from": f"{value.year}-01-01", "to": f"{value.year}-12-31"},
        "calculationFrequency": FREQUENCY.get(indicator.periodicity, "yearly"),
        "calculationMethod": METHOD[value.confidence],
        "calculatedBy": "Madina" if value.confidence == Confidence.COMPUTED else (value.source or organization),
        "organization": organization,
        "process": PROCESS,
        "address": address,
        "source": indicator.source_uri or absolute_url(indicator.get_absolute_url()),
        "dataProvider": "Madina",
        "dateModified": value.entered_at.isoformat(),
        "@context": CONTEXT,
    }


def entities(code: str = "", year: int | None = None, level: str = "", limit: int = 1000) -> list[dict]:
    rows = Value.objects.select_related("indicator", "municipality__governorate", "governorate").defer(
        "municipality__geometry", "municipality__governorate__geometry", "governorate__geometry"
    )
    filters = Q()
    if code:
        filters &= Q(indicator__code=code)
    if year:
        filters &= Q(year=year)
    if level:
        filters &= Q(level=level)
    return [entity(value) for value in rows.filter(filters).order_by("indicator__code", "level", "year", "pk")[:limit]]
