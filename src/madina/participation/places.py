"""Participation's section on a place's page (territory.connections): its published processes and where each is."""

from __future__ import annotations

from madina.territory.connections import Section, for_place
from madina.territory.models import Governorate, Municipality, Perimeter

from . import queries
from . import rules as r

PLACES = {Municipality: "municipality", Governorate: "municipality__governorate", Perimeter: "perimeter"}


def processes_of(place) -> Section | None:
    """Published processes of the place, newest first, each with its current phase: two queries."""
    key = for_place(place, PLACES)
    if key is None:
        return None
    processes = list(queries.processes().filter(**{key: place}))
    for process in processes:
        process.phase_now = r.current_phase(process)
    return Section(20, "participation/_place_processes.html", {"processes": processes})
