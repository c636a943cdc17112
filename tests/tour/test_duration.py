import pytest
from hypothesis import given
from hypothesis import strategies as st

from madina.tour.duration import clock, human, parse_clock, parse_duration


@given(st.integers(0, 24 * 60 - 1))
def test_clock_round_trips(minutes):
    assert parse_clock(clock(minutes)) == minutes


def test_durations_read_the_forms_organisers_write():
    assert parse_duration("5:30") == parse_duration("5h30") == parse_duration("5 h 30") == 330
    assert parse_duration(90) == parse_duration("90 min") == 90
    assert human(330) == "5 h 30" and human(300) == "5 h" and human(45) == "45 min"
    assert clock(24 * 60 + 30) == "00:30 (+1)"


@pytest.mark.parametrize("bad", ["25:00", "8h", "08:60", "", None])
def test_bad_clock_times_are_refused(bad):
    with pytest.raises(ValueError):
        parse_clock(bad)


@pytest.mark.parametrize("bad", ["5:75", "-3", -3, True, "soon"])
def test_bad_durations_are_refused(bad):
    with pytest.raises(ValueError):
        parse_duration(bad)
