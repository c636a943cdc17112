"""Participatory budgeting measured by Madina as an indicator of each municipality (registered with
madina.indicators, the app below, from BudgetingConfig.ready): this year's ballots."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madina.indicators.computations import Computation

from .models import Ballot


def ballots() -> dict[int, int]:
    rows = (
        Ballot.objects.filter(created_at__year=timezone.localdate().year)
        .values("budget__process__municipality_id").annotate(n=Count("pk"))
    )
    return {row["budget__process__municipality_id"]: row["n"] for row in rows}


def register_all(register) -> None:
    register(Computation(
        "MDN:PB:1", _("Bulletins du budget participatif de l'année"), _("bulletins"), ballots,
        _("Bulletins en ligne et papier reçus cette année par les budgets participatifs de la municipalité."),
        higher_is_better=True,
    ))
