"""Property tests: any plan Madina makes keeps every rule; any instance it cannot plan is explained; the exact
solver's order is the cheapest that splits into the days (checked against brute force)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.tour.io import parse_instance
from madina.tour.schedule import Splitter
from madina.tour.solve import Options, route_cost, solve
from madina.tour.travel import Network
from tests.tour.checks import check_plan

FIRST = date(2026, 3, 2)


@st.composite
def instances(draw, max_stops=7, teams=1):
    n = draw(st.integers(2, max_stops))
    island = draw(st.booleans())
    stops = []
    for k in range(n):
        stop = {"id": f"s{k}", "lat": draw(st.floats(33.0, 36.5)), "lon": draw(st.floats(8.2, 10.6)),
                "session": draw(st.sampled_from([60, 90, 120, 180]))}
        if draw(st.integers(0, 5)) == 0:
            a = draw(st.sampled_from([480, 600, 720]))
            stop["windows"] = [[f"{a // 60:02d}:00", f"{(a + 300) // 60:02d}:00"]]
        if draw(st.integers(0, 6)) == 0:
            stop["day"] = (FIRST + timedelta(days=draw(st.integers(0, 3)))).isoformat()
        stops.append(stop)
    if island:
        stops[-1].update(lat=34.75, lon=11.2, land="kerkennah")
    days = draw(st.integers(1, 4))
    raw = {
        "format": "madina-tour/1",
        "stops": stops,
        "day": {"start": "08:00", "end": draw(st.sampled_from(["17:00", "19:00", "21:00"])),
                "max_drive": draw(st.sampled_from([60, 150, 300, 480])),
                "evening": {"max_drive": draw(st.sampled_from([0, 60, 120])), "latest_arrival": "22:00"}},
        "teams": [{"id": f"t{k}", "from": FIRST.isoformat(), "to": (FIRST + timedelta(days=days - 1)).isoformat()}
                  for k in range(teams)],
        "links": [{"id": "bac", "name": "Bac", "kind": "ferry", "minutes": 60,
                   "a": {"lat": 34.728, "lon": 10.757, "departures": ["07:00", "12:30", "14:30", "20:00"]},
                   "b": {"lat": 34.655, "lon": 10.972, "land": "kerkennah",
                         "departures": ["06:00", "10:00", "14:30", "16:00"]}}],
    }
    if teams == 1 and draw(st.booleans()):
        raw.update(start="s0", end=f"s{n - 1}" if n > 1 else None)
    return parse_instance(raw)


def _brute_force(instance, network):
    team = instance.teams[0]
    splitter = Splitter(network, instance.rules, team)
    best = None
    for perm in itertools.permutations(range(len(instance.stops))):
        ids = [instance.stops[k].id for k in perm]
        if (team.start and ids[0] != team.start) or (team.end and ids[-1] != team.end):
            continue
        if splitter.split(list(perm)) is not None:
            cost = route_cost(network, list(perm))
            best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_stops=6))
def test_one_team_plans_keep_every_rule_and_are_optimal(instance):
    network = Network(instance)
    plan = solve(instance, Options(seconds=2), network=network)
    best = _brute_force(instance, network)
    if plan.feasible:
        check_plan(instance, plan)
        assert plan.proven_optimal and plan.cost == best == plan.lower_bound
    else:
        assert best is None, "a feasible order exists but the solver found none"
        assert plan.problems and all(p.message for p in plan.problems)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_stops=8, teams=2))
def test_several_teams_share_the_stops_and_keep_every_rule(instance):
    plan = solve(instance, Options(seconds=1))
    if plan.feasible:
        check_plan(instance, plan)
        assert plan.lower_bound <= plan.cost
    else:
        assert plan.problems
