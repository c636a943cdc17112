"""A radar chart of a municipality's dimension scores, drawn on the server as SVG (no script, so it shows without
JavaScript and under the Content-Security-Policy). Axes carry the dimensions' numbers; the table beside the chart
names them, so labels never collide on a narrow screen or in Arabic."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

SIZE = 300
CENTRE = SIZE / 2
RADIUS = 110
LABEL_RADIUS = RADIUS + 18


@dataclass(frozen=True)
class Axis:
    number: int
    x: float
    y: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Radar:
    size: int
    axes: tuple[Axis, ...]
    rings: tuple[str, ...]
    """Polygon points of the levels 1 to 5."""
    shape: str
    """Polygon points of the scores (an unscored dimension sits at the centre)."""
    threshold: str


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / 5
    return round(CENTRE + distance * math.cos(angle), 1), round(CENTRE + distance * math.sin(angle), 1)


def _polygon(values: list[float]) -> str:
    return " ".join(f"{x},{y}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values)))


def radar(scores: list[Decimal | None], floor: Decimal) -> Radar | None:
    """The chart of scores (1-5) in the dimensions' order; none under three axes (a radar needs a surface)."""
    count = len(scores)
    if count < 3:
        return None
    axes = []
    for index in range(count):
        x, y = _point(index, count, 5)
        angle = -math.pi / 2 + 2 * math.pi * index / count
        axes.append(Axis(index + 1, x, y, round(CENTRE + LABEL_RADIUS * math.cos(angle), 1),
                         round(CENTRE + LABEL_RADIUS * math.sin(angle) + 5, 1)))
    return Radar(
        size=SIZE, axes=tuple(axes),
        rings=tuple(_polygon([level] * count) for level in range(1, 6)),
        shape=_polygon([float(score) if score is not None else 0.0 for score in scores]),
        threshold=_polygon([float(floor)] * count),
    )
