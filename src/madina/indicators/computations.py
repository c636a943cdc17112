"""Indicators Madina measures itself from its own data, recomputed nightly (`madina indicators compute`, the
madina-indicators timer) and on demand (the staff page queues the same task).

This app sits below the ones whose data it measures (projects, participation, budgeting): each of them registers
its measures here from its `AppConfig.ready`, with `register(Computation(...))`; indicators never imports them.
A measure is the present state, so a run writes the current year's values (earlier years stay as they were
measured): `measure()` answers {municipality id: number} for the municipalities it has something to say about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

from .models import Dimension

Measure = Callable[[], Mapping[int, Decimal | int | float]]


@dataclass(frozen=True)
class Computation:
    code: str
    """MDN:<app>:<n>, never a U4SSC or national code."""
    title: Promise
    """A lazy French msgid: stored in the three languages when the catalogue row is written."""
    unit: Promise
    measure: Measure
    definition: Promise | str = ""
    higher_is_better: bool | None = None
    dimension: str = Dimension.PARTICIPATION


COMPUTATIONS: dict[str, Computation] = {}


def register(computation: Computation) -> None:
    if not computation.code.startswith("MDN:"):
        raise ValueError(f"a computed indicator's code starts with MDN:, not {computation.code!r}")
    COMPUTATIONS[computation.code] = computation


def per_inhabitants(counts: Mapping[int, Decimal | int | float], per: int) -> dict[int, Decimal]:
    """Counts by municipality as a rate per `per` inhabitants; municipalities without a population are left out
    (a rate over an unknown population would be a guess)."""
    from madina.territory.models import Municipality

    populations = dict(
        Municipality.objects.filter(pk__in=list(counts), population__gt=0).values_list("pk", "population")
    )
    return {
        pk: Decimal(counts[pk]) * per / populations[pk]
        for pk in counts
        if pk in populations
    }
