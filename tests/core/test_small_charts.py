"""The shapes of the small drawings (choropleth classes, histogram, yearly line) that core.charts gives every app."""

from decimal import Decimal as D

from madina.core import charts


def test_quantile_classes_share_the_places_and_the_legend_spans_them():
    values = [D(v) for v in range(1, 11)]
    limits = charts.breaks(values)
    assert limits == [D(3), D(5), D(7), D(9)]
    assert [charts.class_of(v, limits) for v in (D(1), D(3), D(10))] == [0, 1, 4]
    legend = charts.legend(values, limits)
    assert (legend[0]["low"], legend[-1]["high"], len(legend)) == (D(1), D(10), 5)
    assert charts.breaks([]) == [] and charts.legend([], []) == []


def test_the_histogram_counts_every_value_once_and_draws_inside_its_box():
    values = [D(0), D(1), D(1), D("9.5"), D(10)]
    bins = charts.histogram(values, bins=5)
    assert sum(b["count"] for b in bins) == len(values) and bins[-1]["count"] == 2
    assert all(0 <= b["y"] <= charts.SMALL_HEIGHT and b["x"] + b["width"] <= charts.SMALL_WIDTH for b in bins)
    assert charts.histogram([D(4), D(4)])[0]["count"] == 2  # one value only: no division by a zero range


def test_the_line_runs_from_the_first_year_to_the_last_with_higher_values_drawn_higher():
    points = charts.line([(2020, D(1)), (2021, D(3))], width=100, height=40).split()
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in points)
    assert x1 < x2 and y2 < y1
    assert charts.line([]) == ""
