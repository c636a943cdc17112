"""Figures as each language writes them: grouping, decimals, currency, plurals and durations."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from madina.core import numbers


@pytest.mark.parametrize(("lang", "amount", "expected"), [
    ("fr", Decimal("1333333.33"), "1\u00a0333\u00a0333,33 TND"),
    ("en", Decimal("1333333.33"), "1,333,333.33 TND"),
    ("ar", Decimal("1333333.33"), "1.333.333,33 د.ت"),
    ("fr", 2800000, "2\u00a0800\u00a0000 TND"),
    ("ar", 2800000, "2.800.000 د.ت"),
    ("en", Decimal("12.500"), "12.50 TND"),
    ("fr", Decimal("0.125"), "0,125 TND"),
])
def test_amounts_are_grouped_and_carry_the_languages_currency(lang, amount, expected):
    with translation.override(lang):
        assert numbers.money(amount) == expected


@pytest.mark.parametrize(("lang", "minutes", "expected"), [
    ("fr", 220, "3 h 40"), ("ar", 220, "3 س 40 د"), ("en", 220, "3 h 40 min"),
    ("fr", 45, "45 min"), ("ar", 45, "45 د"), ("fr", 300, "5 h"), ("ar", 300, "5 س"), ("fr", 65, "1 h 05"),
])
def test_durations_use_the_languages_units(lang, minutes, expected):
    with translation.override(lang):
        assert numbers.duration(minutes) == expected


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("fr", 1, "1 vote"), ("fr", 2, "2 votes"), ("en", 1, "1 vote"), ("en", 1500, "1,500 votes"),
    ("ar", 1, "صوت واحد"), ("ar", 2, "صوتان"), ("ar", 5, "5 أصوات"), ("ar", 11, "11 صوتًا"),
])
def test_vote_counts_take_the_plural_the_language_needs(lang, count, expected):
    with translation.override(lang):
        assert numbers.votes(count) == expected


def test_the_filters_write_through_the_same_rules():
    template = Template("{% load madina %}{{ a|money }}|{{ a|tnd }}|{{ n|number }}|{{ s|number:2 }}|{{ m|duration }}")
    context = Context({"a": Decimal("2800000"), "n": 12000, "s": 1333333.3333, "m": 220})
    with translation.override("fr"):
        assert template.render(context) == "2\u00a0800\u00a0000 TND|2\u00a0800\u00a0000|12\u00a0000|1\u00a0333\u00a0333,33|3 h 40"
    with translation.override("en"):
        assert template.render(context) == "2,800,000 TND|2,800,000|12,000|1,333,333.33|3 h 40 min"


@pytest.mark.parametrize("value", [None, "", "n/a", float("nan"), True])
def test_what_is_not_a_number_is_never_an_error(value):
    assert numbers.money(value) == ""
    assert numbers.number(value) == ("" if value is None else str(value))


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False), st.sampled_from(["fr", "ar", "en"]))
def test_grouping_never_changes_the_value(value, lang):
    decimal_sep, thousand_sep = numbers.SEPARATORS[lang]
    with translation.override(lang):
        written = numbers.number(value)
    back = Decimal(written.replace(thousand_sep, "").replace(decimal_sep, "."))
    assert back == value
    whole = written.lstrip("-").split(decimal_sep)[0].split(thousand_sep)
    assert all(len(group) == 3 for group in whole[1:]) and 1 <= len(whole[0]) <= 3


@pytest.mark.parametrize(("left", "fr", "ar", "en"), [
    (timedelta(days=12, hours=5), "12 jours", "12 يومًا", "12 days"),
    (timedelta(days=2), "2 jours", "2 يوم", "2 days"),
    (timedelta(days=1, hours=23, minutes=59), "47 h 59", "47 س 59 د", "47 h 59 min"),
    (timedelta(minutes=25, seconds=59), "25 min", "25 د", "25 min"),
    (timedelta(minutes=-5), "0 min", "0 د", "0 min"),  # a deadline just passed reads as nothing left
])
def test_time_left_counts_days_then_hours(left, fr, ar, en):
    now = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    for lang, expected in (("fr", fr), ("ar", ar), ("en", en)):
        with translation.override(lang):
            assert numbers.time_left(now + left, now) == expected
