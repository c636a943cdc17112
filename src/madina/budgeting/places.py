"""Budgeting's section on a place's page (territory.connections): the participatory budgets held there."""

from __future__ import annotations

from madina.territory.connections import Section, for_place
from madina.territory.models import Governorate, Municipality, Perimeter

from . import queries

PLACES = {Municipality: "process__municipality", Governorate: "process__municipality__governorate",
          Perimeter: "process__perimeter"}


def budgets_of(place) -> Section | None:
    """Budgets of the place's published processes, newest first: one query."""
    key = for_place(place, PLACES)
    if key is None:
        return None
    budgets = list(queries.budgets().filter(**{key: place}).order_by("-process__created_at", "-pk"))
    return Section(30, "budgeting/_place_budgets.html", {"budgets": budgets})
