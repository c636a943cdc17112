"""The edition's road-time matrix, kept between plans: a road server (OSRM, Valhalla) takes seconds to minutes for
a few hundred towns, and a re-plan of the same stops should not ask it again.

The matrix grows with the points its tours' runs ask for (each tour's stops and water-link ends); a run reuses it
when every one of its points is there at the same position and every pair among them is known, with the same
travel settings. Otherwise the run's own minutes are computed by the core and merged in. The run's instance keeps
its own travel settings (so `madina tour plan` replays it with them); the planner gets the matrix instead.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from madina.tour.io import parse_instance
from madina.tour.travel import point_minutes

from .models import Edition, RoadMatrix


def settings_key(travel: dict) -> str:
    return hashlib.sha256(json.dumps(travel, sort_keys=True).encode()).hexdigest()


def _points(instance):
    points = [stop.point for stop in instance.stops]
    points += [end.point for link in instance.links for end in (link.a, link.b)]
    return points


def _row(point) -> list:
    return [point.id, round(point.lat, 6), round(point.lon, 6), point.land]


def _known(matrix: RoadMatrix | None, key: str, rows: list[list]) -> list[list[int]] | None:
    """The minutes between the rows' points from the stored matrix, or None when any is missing or moved."""
    if matrix is None or matrix.key != key:
        return None
    index = {tuple(row): i for i, row in enumerate(matrix.points)}
    at = [index.get(tuple(row)) for row in rows]
    if None in at:
        return None
    minutes = [[matrix.minutes[i][j] for j in at] for i in at]
    return None if any(value is None for line in minutes for value in line) else minutes


def _merge(matrix: RoadMatrix, rows: list[list], minutes) -> None:
    """Add the rows' points and the minutes among them; a point that moved is replaced (its old pairs dropped)."""
    ids = {row[0] for row in rows}
    keep = [k for k, row in enumerate(matrix.points) if row[0] not in ids]
    points = [matrix.points[k] for k in keep] + rows
    size, base = len(points), len(keep)
    grid = [[None] * size for _ in range(size)]
    for a, i in enumerate(keep):
        for b, j in enumerate(keep):
            grid[a][b] = matrix.minutes[i][j]
    for a in range(len(rows)):
        for b in range(len(rows)):
            grid[base + a][base + b] = int(minutes[a][b])
    matrix.points, matrix.minutes = points, grid


def matrix_for(edition_id: int, data: dict) -> tuple[dict, dict]:
    """The instance to plan (its travel a matrix) and what the plan states of it: the source, when it was
    computed, and whether it was reused."""
    instance = parse_instance(data)
    travel = data.get("travel") or {"kind": "great-circle"}
    key = settings_key(travel)
    points = _points(instance)
    rows = [_row(point) for point in points]
    stored = RoadMatrix.objects.filter(edition_id=edition_id).first()
    minutes = _known(stored, key, rows)
    reused = minutes is not None
    if not reused:
        minutes = point_minutes(instance, points).tolist()
        with transaction.atomic():
            Edition.objects.select_for_update().filter(pk=edition_id).first()
            matrix = RoadMatrix.objects.filter(edition_id=edition_id).first()
            if matrix is None or matrix.key != key:
                matrix = matrix or RoadMatrix(edition_id=edition_id)
                matrix.key, matrix.source, matrix.points, matrix.minutes = key, travel, [], []
            _merge(matrix, rows, minutes)
            matrix.computed_at = timezone.now()
            matrix.save()
            stored = matrix
    planned = {**data, "travel": {"kind": "matrix", "points": [row[0] for row in rows], "minutes": minutes}}
    note = {"source": travel, "computed_at": stored.computed_at.isoformat(timespec="minutes"), "reused": reused}
    return planned, note
