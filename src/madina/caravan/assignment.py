"""Which tour visits each stop: the organiser's pins first, then the other stops grouped by place.

The core plans one tour at a time (its teams share the tour's days), so the edition's stops are split between its
tours before it runs. A tour takes a share of the stops in proportion to its team-days (a four-day tour of two
teams takes twice what a four-day tour of one team takes, plus a little slack); a stop pinned to a day goes to the
tour holding that day. The others go, hardest first (the stops whose nearest and second-nearest tours differ most),
to the nearest tour with room, and the tours' centres are moved and the stops placed again a few times: tours
come out as regions, which is what keeps the caravans' drives short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    id: str
    lat: float
    lon: float
    group: str | None = None  # pinned to this tour (or to the tour holding its pinned day)


@dataclass(frozen=True)
class Group:
    id: str
    team_days: int


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the ground, good enough to group towns (an equirectangular projection at Tunisia's latitude)."""
    x = (b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 111.2 * math.hypot(b[0] - a[0], x)


def _capacities(count: int, groups: list[Group]) -> dict[str, int]:
    total = sum(max(1, g.team_days) for g in groups)
    return {g.id: math.ceil(count * max(1, g.team_days) / total * 1.1) + 1 for g in groups}


def _seeds(places: list[Place], groups: list[Group]) -> dict[str, tuple[float, float]]:
    """Each tour's centre: the middle of its pinned stops; tours with none start at the stops farthest from the
    centres already placed (the first at the stop farthest from the middle of all)."""
    centres = {}
    for group in groups:
        pinned = [(p.lat, p.lon) for p in places if p.group == group.id]
        if pinned:
            centres[group.id] = (sum(q[0] for q in pinned) / len(pinned), sum(q[1] for q in pinned) / len(pinned))
    middle = (sum(p.lat for p in places) / len(places), sum(p.lon for p in places) / len(places))
    for group in groups:
        if group.id in centres:
            continue
        known = list(centres.values()) or [middle]
        far = max(places, key=lambda p: (min(_km((p.lat, p.lon), c) for c in known), p.id))
        centres[group.id] = (far.lat, far.lon)
    return centres


def _place_all(places, groups, centres, room) -> dict[str, str]:
    left = dict(room)
    chosen = {}
    for p in places:
        if p.group is not None:
            chosen[p.id] = p.group
            left[p.group] -= 1
    free = [p for p in places if p.group is None]

    def regret(p: Place) -> tuple[float, str]:
        ds = sorted(_km((p.lat, p.lon), centres[g.id]) for g in groups)
        return (-(ds[1] - ds[0]) if len(ds) > 1 else 0.0, p.id)

    for p in sorted(free, key=regret):
        ranked = sorted(groups, key=lambda g: (_km((p.lat, p.lon), centres[g.id]), g.id))
        target = next((g for g in ranked if left[g.id] > 0), ranked[0])
        chosen[p.id] = target.id
        left[target.id] -= 1
    return chosen


def assign(places: list[Place], groups: list[Group], rounds: int = 5) -> dict[str, str]:
    """Place id -> group id for every place; pinned places keep their group."""
    if not places or not groups:
        return {}
    if len(groups) == 1:
        return {p.id: groups[0].id for p in places}
    room = _capacities(len(places), groups)
    centres = _seeds(places, groups)
    chosen = _place_all(places, groups, centres, room)
    for _round in range(rounds):
        for group in groups:
            mine = [p for p in places if chosen[p.id] == group.id]
            if mine:
                centres[group.id] = (sum(p.lat for p in mine) / len(mine), sum(p.lon for p in mine) / len(mine))
        again = _place_all(places, groups, centres, room)
        if again == chosen:
            break
        chosen = again
    return chosen
