"""Several teams with a few stops each: the plan is the proven optimum (checked against brute force)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.tour.io import parse_instance
from madina.tour.schedule import Splitter
from madina.tour.solve import Options, route_cost, solve
from madina.tour.travel import Network
from tests.tour.checks import check_plan, matrix_cost
from tests.tour.national import raw_instance


def _brute_force(instance, network):
    """The cheapest plan over every way to share the stops between two teams and order each share."""
    splitters = [Splitter(network, instance.rules, team) for team in instance.teams]
    n = len(instance.stops)
    best_path: list[dict[int, int | None]] = [{}, {}]
    for t, splitter in enumerate(splitters):
        for mask in range(1 << n):
            share = [k for k in range(n) if mask >> k & 1]
            costs = [route_cost(network, list(p)) for p in itertools.permutations(share)
                     if splitter.split(list(p)) is not None]
            best_path[t][mask] = min(costs, default=None)
    full = (1 << n) - 1
    totals = [best_path[0][m] + best_path[1][full ^ m] for m in range(1 << n)
              if best_path[0][m] is not None and best_path[1][full ^ m] is not None]
    return min(totals, default=None)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(4, 6), st.integers(1, 2), st.sampled_from([90, 180, 240]), st.sampled_from([60, 120, 300]),
       st.integers(0, 10**6))
def test_two_teams_get_the_proven_optimum(stops, days, session, cap, seed):
    raw = raw_instance(stops, 2, days, session, cap, seed)
    raw["teams"][1]["to"] = raw["teams"][1]["from"]  # the second team has one day: teams of two kinds
    instance = parse_instance(raw)
    network = Network(instance)
    plan = solve(instance, Options(seconds=30), network=network)
    best = _brute_force(instance, network)
    if plan.feasible:
        check_plan(instance, plan)
        assert matrix_cost(instance, plan) == plan.cost
        assert plan.proven_optimal and plan.cost == best == plan.lower_bound, (plan.method, plan.cost, best)
    else:
        assert best is None and plan.problems
