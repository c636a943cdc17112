"""Issue 15: national instances with several teams, free start and end, a given matrix. The planner never gives
up on a loose instance, shares the stops so that every team fits its days, and says "infeasible" only with a
proof."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.tour.io import parse_instance
from madina.tour.solve import Options, solve
from tests.tour.checks import check_plan, matrix_cost
from tests.tour.national import issue_instances, random_instance, raw_instance


def _assert_planned(instance, plan):
    assert plan.feasible and not plan.proven_infeasible, [p.message for p in plan.problems]
    check_plan(instance, plan)
    assert matrix_cost(instance, plan) == plan.cost
    assert 0 < plan.lower_bound <= plan.cost
    for team in plan.teams:
        assert 0 <= team.days_used <= team.days_available and team.slack == team.days_available - team.days_used


def test_the_easy_instance_is_planned_on_every_team():
    instance = issue_instances()["easy"]  # 160 stops, 3 teams x 24 days, 90 min sessions, 4 h cap
    plan = solve(instance, Options(seconds=6))
    _assert_planned(instance, plan)
    assert plan.tried


def test_a_team_short_of_days_hands_stops_to_the_others():
    instance = issue_instances()["balance"]  # 220 stops, 4 teams x 20 days, 2 h sessions, 5 h cap
    plan = solve(instance, Options(seconds=6))
    _assert_planned(instance, plan)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_the_national_family_is_always_planned_within_the_rules(seed):
    instance = random_instance(seed)
    plan = solve(instance, Options(seconds=4))
    _assert_planned(instance, plan)


def test_too_many_sessions_for_the_days_is_a_proof():
    raw = raw_instance(12, 2, 1, 180, 300, seed=3)  # 36 h of sessions, 2 days of 11 h
    plan = solve(parse_instance(raw), Options(seconds=2))
    assert not plan.feasible and plan.proven_infeasible
    assert [p.constraint for p in plan.problems] == ["days"]


def test_no_plan_found_is_not_called_infeasible_and_says_what_would_do():
    # 5 sessions of 4 h, two teams of one 11 h day: 20 h fit in 22 h, but a day holds two sessions.
    instance = parse_instance(raw_instance(5, 2, 1, 240, 300, seed=4))
    proof = solve(instance, Options(seconds=10))  # small enough for the exact model, whose emptiness is a proof
    assert not proof.feasible and proof.proven_infeasible
    plan = solve(instance, Options(seconds=2, exact=False))  # the search alone has no proof
    assert not plan.feasible and not plan.proven_infeasible
    assert plan.problems[0].constraint == "search" and "no plan found" in plan.problems[0].message
    assert any(p.fixes.get("extra_days") == 1 for p in plan.problems)
    assert plan.tried and sorted(s for t in plan.teams for s in t.order) == sorted(s.id for s in instance.stops)
