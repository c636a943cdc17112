"""Bar charts drawn on the server as SVG, so a chart shows without JavaScript and under the strict
Content-Security-Policy (no script, no style attribute: sizes and colours are SVG attributes).

A chart is a list of rows, one bar each, with a label above its bar so long titles fit on a phone; the
template core/_chart.html draws it and a data table for screen readers (the SVG itself is hidden from them).
In a right-to-left page the bars grow from the right. A row may start after zero (a running total: the
selected projects' costs end to end) and a chart may carry one reference line (the budget).

Below the bar charts, the shapes of smaller drawings whose SVG the page's own template writes: quantile classes
for a choropleth and its legend, an equal-width histogram, and a polyline through a yearly series.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language_bidi

WIDTH = 420  # viewBox units; the stylesheet caps the drawn width so 13-unit text stays readable
ROW = 38  # height of one row: label line, then bar
BAR = 12
LABEL_CHARS = 58  # longer labels are cut with an ellipsis in the drawing (the table keeps them whole)
VALUE_ROOM = 96  # room kept after the longest bar for its value
TOP = 8
COLOURS = {"plain": "#0b6e4f", "marked": "#b44d12", "line": "#1f2933"}


@dataclass(frozen=True)
class Row:
    label: str
    value: float
    shown: str  # the value as the reader's language writes it (madina.core.numbers)
    marked: bool = False
    start: float = 0
    cells: tuple[str, ...] = ()  # the row's other columns in the data table


@dataclass(frozen=True)
class Line:
    value: float
    label: str


@dataclass
class Chart:
    key: str
    title: str
    rows: list[Row]
    headings: tuple[str, ...]  # the data table's columns: the label's, the value's, then the cells'
    marked_label: str = ""  # what a marked bar means ("retenu"), said in the legend and the table
    line: Line | None = None
    rtl: bool = field(default_factory=get_language_bidi)

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.rows) + (ROW // 2 if self.line else 0) + 4

    @property
    def width(self) -> int:
        return WIDTH

    def _scale(self) -> float:
        top = max([row.start + row.value for row in self.rows] + [self.line.value if self.line else 0] + [0])
        return (WIDTH - VALUE_ROOM) / top if top > 0 else 0

    def _x(self, value: float, length: float = 0) -> float:
        """Where a bar from `value` of `length` begins on the page: measured from the right in Arabic."""
        start = value * self._scale()
        return round(WIDTH - start - length, 1) if self.rtl else round(start, 1)

    @property
    def edge(self) -> int:
        """Where every label starts: the left edge, or the right one in a right-to-left page."""
        return WIDTH if self.rtl else 0

    @property
    def bars(self) -> list[dict]:
        drawn = []
        for i, row in enumerate(self.rows):
            top = TOP + i * ROW
            length = round(max(row.value, 0) * self._scale(), 1)
            x = self._x(row.start, length)
            end = x - 4 if self.rtl else x + length + 4
            label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1].rstrip() + "…"
            drawn.append({
                "row": row, "label": label, "label_y": top + 13, "x": x, "y": top + 18, "width": length,
                "height": BAR, "value_x": round(end, 1), "value_y": top + 28,
                "fill": COLOURS["marked" if row.marked else "plain"],
            })
        return drawn

    @property
    def reference(self) -> dict | None:
        if self.line is None:
            return None
        x = self._x(self.line.value)
        return {"x": x, "y1": TOP, "y2": self.height - 14, "label_y": self.height - 3, "label": self.line.label,
                "anchor": "end" if (x > WIDTH / 2) != self.rtl else "start", "colour": COLOURS["line"]}

    @property
    def colours(self) -> dict:
        return COLOURS


# Small drawings ------------------------------------------------------------------------------------------

CLASSES = 5
SMALL_WIDTH, SMALL_HEIGHT = 300, 120  # a map's histogram and a series' line, in viewBox units


def breaks(values: list[Decimal], classes: int = CLASSES) -> list[Decimal]:
    """Quantile class limits (the upper bound of each class but the last): equal shares of places per colour."""
    ordered = sorted(values)
    if not ordered:
        return []
    return sorted({ordered[min(len(ordered) - 1, len(ordered) * k // classes)] for k in range(1, classes)})


def class_of(value: Decimal, limits: list[Decimal]) -> int:
    return sum(1 for limit in limits if value >= limit)


def legend(values: list[Decimal], limits: list[Decimal]) -> list[dict]:
    if not values:
        return []
    bounds = [min(values), *limits, max(values)]
    return [{"index": i, "low": bounds[i], "high": bounds[i + 1]} for i in range(len(bounds) - 1)]


def histogram(values: list[Decimal], bins: int = 10) -> list[dict]:
    """Equal-width bins over the values' range, each with its count and its bar's rectangle."""
    if not values:
        return []
    low, high = min(values), max(values)
    step = (high - low) / bins if high > low else Decimal(1)
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int((value - low) / step))] += 1
    tallest = max(counts)
    width = SMALL_WIDTH / bins
    out = []
    for i, count in enumerate(counts):
        height = round(SMALL_HEIGHT * count / tallest, 1)
        out.append({
            "low": low + step * i, "high": low + step * (i + 1), "count": count,
            "x": round(i * width, 1), "y": round(SMALL_HEIGHT - height, 1), "width": round(width - 2, 1), "height": height,
        })
    return out


def line(points: list[tuple[int, Decimal]], width: int = SMALL_WIDTH, height: int = 60) -> str:
    """The `points` attribute of an SVG polyline through (year, value) pairs, scaled to the box."""
    if not points:
        return ""
    years = [year for year, _ in points]
    values = [float(value) for _, value in points]
    span_x = (max(years) - min(years)) or 1
    low, high = min(values), max(values)
    span_y = (high - low) or 1
    return " ".join(
        f"{round((year - min(years)) * (width - 8) / span_x + 4, 1)},"
        f"{round(height - 4 - (value - low) * (height - 8) / span_y, 1)}"
        for year, value in zip(years, values, strict=True)
    )
