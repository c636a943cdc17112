"""The indicators' section on a municipality's page (territory.connections): the way to its quality-of-life
dashboard. No query: the dashboard says itself what is measured there."""

from __future__ import annotations

from madina.territory.connections import Section
from madina.territory.models import Municipality


def quality_of_life(place) -> Section | None:
    if not isinstance(place, Municipality):
        return None
    return Section(5, "indicators/_place_link.html", {"municipality": place})
