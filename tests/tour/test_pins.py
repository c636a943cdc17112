"""Stops pinned to a team: every path of the planner keeps them (first plans, repairs, OR-Tools routing, the exact
models), the checks refuse a plan that breaks one, the file format reads them, and a pin that cannot be kept is
explained with its reason."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.tour.io import InstanceError, parse_instance
from madina.tour.pins import gathered
from madina.tour.solve import Options, evaluate, solve
from madina.tour.travel import Network
from tests.tour.checks import check_plan, matrix_cost
from tests.tour.national import random_raw, raw_instance
from tests.tour.test_exact_teams import _brute_force


def pinned(raw: dict, seed: int, share: float) -> dict:
    """`raw` with about `share` of its stops pinned to a team drawn at random."""
    rng = random.Random(seed)
    teams = [team["id"] for team in raw["teams"]]
    for stop in raw["stops"]:
        if rng.random() < share:
            stop["team"] = rng.choice(teams)
    return raw


def _assert_keeps_pins(instance, plan):
    check_plan(instance, plan)
    assert matrix_cost(instance, plan) == plan.cost
    teams = {sid: team.team for team in plan.teams for sid in team.order}
    for stop in instance.stops:
        assert stop.team is None or teams[stop.id] == stop.team


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(4, 6), st.integers(1, 2), st.sampled_from([90, 180]), st.sampled_from([120, 300]),
       st.integers(0, 10**6))
def test_the_proven_optimum_of_two_teams_keeps_the_pins(stops, days, session, cap, seed):
    instance = parse_instance(pinned(raw_instance(stops, 2, days, session, cap, seed), seed, 0.4))
    plan = solve(instance, Options(seconds=20))
    best = _brute_force(instance, Network(instance))
    if plan.feasible:
        _assert_keeps_pins(instance, plan)
        assert plan.proven_optimal and plan.cost == best
    else:
        assert best is None and plan.problems


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_a_national_instance_with_team_pins_never_breaks_one(seed):
    instance = parse_instance(pinned(random_raw(seed, (100, 160)), seed, 0.1))
    plan = solve(instance, Options(seconds=4))
    assert not plan.proven_infeasible, [p.message for p in plan.problems]
    if plan.feasible:
        _assert_keeps_pins(instance, plan)
    else:
        assert plan.problems[0].constraint == "search"


def test_fixed_starts_route_with_the_pins():
    raw = pinned(raw_instance(30, 2, 6, 90, 300, seed=11), 11, 0.3)
    raw["teams"][0]["start"], raw["teams"][1]["end"] = raw["stops"][0]["id"], raw["stops"][1]["id"]
    for stop in raw["stops"][:2]:
        stop.pop("team", None)
    instance = parse_instance(raw)
    plan = solve(instance, Options(seconds=4))
    assert plan.feasible and "or-tools routing" in plan.method
    _assert_keeps_pins(instance, plan)


def test_one_team_pinned_alone_takes_its_stop():
    raw = raw_instance(8, 2, 3, 90, 300, seed=5)
    for stop in raw["stops"]:
        stop["team"] = "t2"
    instance = parse_instance(raw)
    plan = solve(instance, Options(seconds=10))
    assert plan.feasible
    _assert_keeps_pins(instance, plan)
    assert [len(team.order) for team in plan.teams] == [0, 8]


def test_a_pinned_team_short_of_days_is_a_proof():
    raw = raw_instance(12, 2, 2, 180, 300, seed=3)  # 3 h sessions: a team's day holds three at most
    for stop in raw["stops"][:7]:
        stop["team"] = "t1"
    plan = solve(parse_instance(raw), Options(seconds=4))
    assert not plan.feasible and plan.proven_infeasible
    problem, = plan.problems
    assert (problem.constraint, problem.team, problem.fixes) == ("team", "t1", {"days": 3})


def test_stops_pinned_to_a_team_with_sessions_of_no_time_are_planned():
    raw = raw_instance(4, 2, 1, 0, 300, seed=1)
    raw["stops"][0]["team"] = "t1"
    instance = parse_instance(raw)
    plan = solve(instance, Options(seconds=4))
    assert plan.feasible
    _assert_keeps_pins(instance, plan)


def test_a_pin_against_a_team_end_or_off_its_days_is_a_proof():
    raw = raw_instance(6, 2, 2, 90, 300, seed=8)
    raw["teams"][1]["from"] = raw["teams"][1]["to"]
    raw["teams"][0]["start"] = raw["stops"][0]["id"]
    raw["stops"][0]["team"] = "t2"
    raw["stops"][1].update(team="t2", day=raw["teams"][0]["from"])
    plan = solve(parse_instance(raw), Options(seconds=4))
    assert plan.proven_infeasible
    assert {(p.constraint, p.stop) for p in plan.problems} == {
        ("team", raw["stops"][0]["id"]), ("day", raw["stops"][1]["id"])}


def test_an_order_breaking_a_pin_says_so():
    raw = raw_instance(5, 2, 3, 90, 300, seed=2)
    raw["stops"][2]["team"] = "t2"
    instance = parse_instance(raw)
    plan = evaluate(instance, [s["id"] for s in raw["stops"]], "t1")
    assert not plan.feasible
    assert ("team", raw["stops"][2]["id"], {"team": "t2"}) in [(p.constraint, p.stop, p.fixes) for p in plan.problems]


def test_the_file_names_a_team_that_exists():
    raw = raw_instance(3, 2, 1, 90, 300, seed=1)
    raw["stops"][1]["team"] = "t9"
    with pytest.raises(InstanceError, match=r"stops\[1\]\.team: expected the id of a team"):
        parse_instance(raw)
    raw["stops"][1]["team"] = 2
    with pytest.raises(InstanceError, match=r"stops\[1\]\.team"):
        parse_instance(raw)
    raw["stops"][1]["team"] = "t2"
    assert parse_instance(raw).stops[1].team == "t2"


def test_gathering_moves_each_team_pins_to_their_median():
    assert gathered([0, 1, 2, 3, 4, 5, 6], {1: 0, 5: 0, 6: 0, 3: 1}) == [0, 2, 3, 4, 1, 5, 6]
    assert gathered([3, 1, 2], {}) == [3, 1, 2]
