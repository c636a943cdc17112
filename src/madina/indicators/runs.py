"""Computing Madina's own indicators (computations.COMPUTATIONS) into this year's values, in the worker (the
nightly timer, or an organiser's request) or on the command line (`madina indicators compute`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from . import checks, queries
from .computations import COMPUTATIONS, Computation
from .models import ComputationRun, Confidence, Framework, Indicator, Level, Value

SOURCE = "Madina"


def catalogue_row(computation: Computation) -> Indicator:
    """The computation's catalogue row, its titles and unit written in the three languages."""
    texts = {}
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            texts[f"title_{language}"] = str(computation.title)
            texts[f"unit_{language}"] = str(computation.unit)
            texts[f"definition_{language}"] = str(computation.definition)
    indicator, _created = Indicator.objects.update_or_create(
        code=computation.code,
        defaults={
            "framework": Framework.COMPUTED, "dimension": computation.dimension,
            "higher_is_better": computation.higher_is_better,
            "title": texts["title_fr"], "unit": texts["unit_fr"], "definition": texts["definition_fr"],
            "order": list(COMPUTATIONS).index(computation.code) + 1, **texts,
        },
    )
    return indicator


def compute_all() -> ComputationRun:
    """Every registered computation for the current year: new values added, changed ones updated (a computed
    value keeps no history: it is measured again from the data), values of places it no longer measures removed."""
    run = ComputationRun.objects.create()
    year = timezone.localdate().year
    for computation in COMPUTATIONS.values():
        with transaction.atomic():
            indicator = catalogue_row(computation)
            run.values_written += _store(indicator, year, computation.measure())
    queries.changed()
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "values_written"])
    return run


def _store(indicator: Indicator, year: int, measured) -> int:
    stored = {
        value.municipality_id: value
        for value in Value.objects.filter(indicator=indicator, level=Level.MUNICIPALITY, year=year)
    }
    now = timezone.now()
    created, changed = [], []
    for municipality_id, raw in measured.items():
        number = checks.number(raw)
        if number is None:
            continue
        current = stored.pop(municipality_id, None)
        if current is None:
            created.append(Value(
                indicator=indicator, level=Level.MUNICIPALITY, municipality_id=municipality_id, year=year,
                value=number, unit=indicator.unit, source=SOURCE, confidence=Confidence.COMPUTED, entered_at=now,
            ))
        elif current.value != number:
            current.value, current.entered_at = number, now
            changed.append(current)
    Value.objects.bulk_create(created, batch_size=2000)
    Value.objects.bulk_update(changed, ["value", "entered_at"], batch_size=500)
    Value.objects.filter(pk__in=[value.pk for value in stored.values()]).delete()
    return len(created) + len(changed)


def last_run() -> ComputationRun | None:
    return ComputationRun.objects.filter(finished_at__isnull=False).first()
