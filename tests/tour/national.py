"""Random national instances of the family of issue 15, seeded, for the property test and bench/tour.py.

A programme plans on a given drive-time matrix with free start and end and several teams: 100-350 municipalities
drawn from the territory (data/territory/municipalities.geojson, parts merged by governorate + name, the polygon's
representative point; Kerkennah left out, since a matrix cannot say when its ferry leaves), 2-5 teams with the
same dates, a daily driving cap of 3-6 h, sessions of 1-3 h, 08:00-19:00 working days, and at least 20 % more
team-days than the stops need at the rate a day holds them (`per_day`). The matrix is the great-circle minutes
(x 1.25 at 70 km/h) given as a "matrix" travel, as a programme would give its own.
"""

from __future__ import annotations

import functools
import json
import math
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from shapely.geometry import shape
from shapely.ops import unary_union

from madina.tour.io import parse_instance
from madina.tour.model import Instance, Point
from madina.tour.travel import _great_circle_minutes

REPO = Path(__file__).resolve().parents[2]
FIRST = date(2026, 3, 2)
WINDOW = (8 * 60, 19 * 60)
NEIGHBOUR = 75  # minutes: the farthest any municipality is from its nearest one
TYPICAL_LEG = 45  # minutes between two neighbouring municipalities drawn at this density, a little generously


@functools.cache
def municipalities() -> tuple[tuple[str, str, float, float], ...]:
    """(id, name, lat, lon) of the mainland municipalities and Djerba's (joined by the causeway)."""
    path = REPO / "data" / "territory" / "municipalities.geojson"
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    parts: dict[tuple[str, str], list] = {}
    for feature in data["features"]:
        props = feature["properties"]
        parts.setdefault((props["gouv_name"], props["NAME_EN"]), []).append(shape(feature["geometry"]))
    out = []
    for (gouv, name), shapes in sorted(parts.items()):
        if name == "KERKENAH":
            continue
        point = unary_union(shapes).representative_point()
        slug = f"{gouv}-{name}".lower().replace(" ", "-").replace("'", "")
        out.append((slug, name.title(), round(point.y, 5), round(point.x, 5)))
    return tuple(out)


def per_day(session: int, cap: int) -> int:
    """How many sessions a working day holds at this instance family's density: bounded by the window (sessions
    and the legs between them) and by the driving cap."""
    window = WINDOW[1] - WINDOW[0]
    return max(1, min((window + TYPICAL_LEG) // (session + TYPICAL_LEG), cap // TYPICAL_LEG + 1))


def raw_instance(stops: int, teams: int, days: int, session: int, cap: int, seed: int, name: str = "") -> dict:
    """A JSON instance (docs/tour-format.md) over `stops` municipalities drawn with `seed`."""
    rng = random.Random(seed)
    pool = list(municipalities())
    rng.shuffle(pool)
    chosen, rest = pool[:stops], pool[stops:]
    while True:  # as in the issue, every municipality within NEIGHBOUR minutes of another: swap out the lonely ones
        points = [Point(sid, lat, lon) for sid, _, lat, lon in chosen]
        minutes = _great_circle_minutes(points, 1.25, 70.0)
        nearest = np.where(np.eye(stops, dtype=bool), NEIGHBOUR + 1, minutes).min(axis=1)
        lonely = [k for k in range(stops) if nearest[k] > NEIGHBOUR]
        if not lonely or not rest:
            break
        chosen[lonely[0]] = rest.pop()
    minutes = minutes.tolist()
    last = (FIRST + timedelta(days=days - 1)).isoformat()
    return {
        "format": "madina-tour/1",
        "name": name or f"national {stops} stops, {teams} teams x {days} days, {session} min, cap {cap} min",
        "session": session,
        "day": {"start": "08:00", "end": "19:00", "max_drive": cap},
        "teams": [{"id": f"t{k + 1}", "from": FIRST.isoformat(), "to": last} for k in range(teams)],
        "stops": [{"id": sid, "name": label, "lat": lat, "lon": lon} for sid, label, lat, lon in chosen],
        "travel": {"kind": "matrix", "points": [p.id for p in points], "minutes": minutes},
    }


def random_raw(seed: int, stops: tuple[int, int] = (100, 350)) -> dict:
    """One instance of the family: the sizes and rules drawn with `seed`, days set for at least 20 % slack."""
    rng = random.Random(seed)
    n = rng.randint(*stops)
    teams = rng.randint(2, 5)
    cap = rng.choice([180, 240, 300, 360])
    session = rng.choice([60, 90, 120, 150, 180])
    need = math.ceil(n / per_day(session, cap))
    days = math.ceil(1.2 * need / teams) + rng.randint(0, 2)
    return raw_instance(n, teams, days, session, cap, seed * 7919 + 1)


def random_instance(seed: int, stops: tuple[int, int] = (100, 350)) -> Instance:
    return parse_instance(random_raw(seed, stops))


def issue_instances() -> dict[str, Instance]:
    """The two instances of issue 15 the planner gave up on (with a sample of municipalities of our own)."""
    return {
        "easy": parse_instance(raw_instance(160, 3, 24, 90, 240, 15_160, "issue 15: 160 stops, 3 x 24 days")),
        "balance": parse_instance(raw_instance(220, 4, 20, 120, 300, 15_220, "issue 15: 220 stops, 4 x 20 days")),
    }
