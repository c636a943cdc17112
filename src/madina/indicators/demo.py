"""Illustrative values for the 20 municipalities of the 2020 caravan (the demo's edition): invented figures,
flagged `illustrative` so that every page, file and API answer says so, never mistaken for measurements."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import queries, runs
from .models import ComputationRun, Confidence, Framework, Indicator, Level, Target, Value

YEARS = range(2018, 2025)
SOURCE = "Madina (démonstration)"
RANGES = {"%": (15, 95), "ans": (68, 79), "indice": (0.2, 1.4), "minutes": (6, 40)}


def _start(indicator: Indicator, slug: str) -> float:
    low, high = RANGES.get(indicator.unit_fr, (5, 400))
    return random.Random(f"{indicator.code}:{slug}").uniform(low, high)


@transaction.atomic
def load_demo_values(municipalities) -> int:
    """Seven years of every U4SSC indicator for each municipality given, and a 2030 target on a few; existing
    values are kept (loading twice changes nothing). Then Madina's own indicators from the demo's data, once."""
    indicators = list(Indicator.objects.filter(framework=Framework.U4SSC))
    stored = set(Value.objects.filter(level=Level.MUNICIPALITY, municipality__in=municipalities).values_list(
        "indicator_id", "municipality_id", "year"))
    now = timezone.now()
    created = []
    for municipality in municipalities:
        for indicator in indicators:
            value = _start(indicator, municipality.slug)
            drift = random.Random(f"{indicator.code}:{municipality.slug}:drift").uniform(-0.03, 0.05)
            for year in YEARS:
                if indicator.unit_fr == "%":
                    value = min(value, 100)
                if (indicator.pk, municipality.pk, year) not in stored:
                    created.append(Value(
                        indicator=indicator, level=Level.MUNICIPALITY, municipality=municipality, year=year,
                        value=Decimal(str(round(value, 2))), unit=indicator.unit, source=SOURCE,
                        confidence=Confidence.ESTIMATED, illustrative=True, entered_at=now,
                    ))
                value *= 1 + drift
        for indicator in indicators[:: 15]:
            Target.objects.get_or_create(
                indicator=indicator, municipality=municipality, year=2030,
                defaults={"value": Decimal(str(round(_start(indicator, municipality.slug) * 1.2, 2))),
                          "note": SOURCE},
            )
    Value.objects.bulk_create(created, batch_size=2000)
    transaction.on_commit(queries.changed)
    if not ComputationRun.objects.exists():  # a second `madina demo` changes nothing; the timer keeps them fresh
        runs.compute_all()
    return len(created)
