"""The shapes of the indicators' small charts, drawn server-side as SVG by the templates (no script, no style
attribute): each chart comes with the table of its figures on the same page."""

from __future__ import annotations

from decimal import Decimal

CLASSES = 5
WIDTH, HEIGHT = 300, 120


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
    width = WIDTH / bins
    out = []
    for i, count in enumerate(counts):
        height = round(HEIGHT * count / tallest, 1)
        out.append({
            "low": low + step * i, "high": low + step * (i + 1), "count": count,
            "x": round(i * width, 1), "y": round(HEIGHT - height, 1), "width": round(width - 2, 1), "height": height,
        })
    return out


def line(points: list[tuple[int, Decimal]], width: int = WIDTH, height: int = 60) -> str:
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
