"""Benchmark of the tour planner (madina.tour): `.venv/bin/python bench/tour.py`.

1. The 2020 caravan (examples/caravan-2020.json): Madina's plan (proven optimal order, split into 8 days), its
   time, the gap to the exact optimum, pyvroom and OR-Tools (plain TSP, no days) on the same matrix, and the
   order announced in 2020 beside it.
2. A national instance: the 350 municipalities (data/territory/municipalities.geojson, parts merged by governorate
   + name, the polygon's representative point), 4 teams x 30 days, 2 h sessions, 08:00-19:00, 5 h of driving a
   day. Djerba (Houmt Souk, Midoun, Ajim) is reached by the El Kantara causeway (a road link); Kerkennah by the
   Sfax - Sidi Youssef ferry. Madina's time and total driving against pyvroom's, and by how much pyvroom's routes
   break the daily cap once split into days.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import vroom
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from shapely.geometry import shape
from shapely.ops import unary_union

from madina.tour.duration import human
from madina.tour.exact import HeldKarp
from madina.tour.io import load_instance, parse_instance
from madina.tour.model import Instance
from madina.tour.schedule import Relax, days_needed, drive_needed
from madina.tour.solve import Options, evaluate, route_cost, solve, team_plan
from madina.tour.travel import Network

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the instance family lives with the tests

from tests.tour.national import random_raw  # noqa: E402

DJERBA = {"DJERBA AJIM", "DJERBA HOUMET SOUK", "DJERBA MIDOUN"}


def national_instance() -> Instance:
    data = json.loads((REPO / "data" / "territory" / "municipalities.geojson").read_text(encoding="utf-8-sig"))
    parts: dict[tuple[str, str], list] = {}
    for feature in data["features"]:
        props = feature["properties"]
        parts.setdefault((props["gouv_name"], props["NAME_EN"]), []).append(shape(feature["geometry"]))
    stops = []
    for (gouv, name), shapes in sorted(parts.items()):
        point = unary_union(shapes).representative_point()
        land = "djerba" if name in DJERBA else "kerkennah" if name == "KERKENAH" else "mainland"
        slug = f"{gouv}-{name}".lower().replace(" ", "-").replace("'", "")
        stops.append({"id": slug, "name": name.title(), "lat": round(point.y, 5), "lon": round(point.x, 5),
                      "land": land})
    teams = [{"id": f"caravane-{k + 1}", "from": "2026-03-02", "to": "2026-03-31"} for k in range(4)]
    raw = {
        "format": "madina-tour/1",
        "name": "National: 350 municipalities, 4 teams, 30 days",
        "session": "2:00",
        "day": {"start": "08:00", "end": "19:00", "max_drive": "5:00",
                "evening": {"max_drive": "2:00", "latest_arrival": "22:00"}},
        "teams": teams,
        "links": [
            {"id": "bac-kerkennah", "name": "Bac Sfax - Sidi Youssef", "kind": "ferry", "minutes": 60,
             "a": {"name": "Port de Sfax", "lat": 34.7282, "lon": 10.7570,
                   "departures": ["04:15", "12:30", "14:30", "20:00"]},
             "b": {"name": "Sidi Youssef", "lat": 34.655, "lon": 10.972, "land": "kerkennah",
                   "departures": ["06:00", "14:30", "16:00", "21:45"]}},
            {"id": "chaussee-el-kantara", "name": "Chaussée d'El Kantara", "kind": "road", "minutes": 8,
             "a": {"name": "El Kantara (continent)", "lat": 33.645, "lon": 10.995},
             "b": {"name": "El Kantara (Djerba)", "lat": 33.690, "lon": 10.945, "land": "djerba"}},
        ],
        "travel": {"kind": "great-circle", "circuity": 1.25, "speed_kmh": 70},
        "stops": stops,
    }
    return parse_instance(raw)


def vroom_routes(network: Network, nodes: list[int], vehicles: int, service: list[int], budget: list[tuple],
                 start=None, end=None, seconds_cap=None) -> tuple[list[list[int]], float]:
    """pyvroom on the same matrix: open routes (or fixed start/end), sessions as service times, each vehicle's
    total working time and driving as the only limits it can express."""
    size = len(nodes)
    matrix = np.zeros((size + 1, size + 1), dtype=np.uint32)
    matrix[:size, :size] = np.minimum(network.cost[np.ix_(nodes, nodes)], 10**6)
    problem = vroom.Input()
    problem.set_durations_matrix("car", matrix)
    where = {k: i for i, k in enumerate(nodes)}
    for v in range(vehicles):
        kwargs = {"start": size if start is None else where[start], "end": size if end is None else where[end]}
        work, drive = budget[v]
        problem.add_vehicle(vroom.Vehicle(v + 1, profile="car", time_window=vroom.TimeWindow(0, work),
                                          max_travel_time=drive, **kwargs))
    fixed = {start, end}
    problem.add_job([vroom.Job(i + 1, location=where[k], default_service=service[k])
                     for i, k in enumerate(nodes) if k not in fixed])
    began = time.perf_counter()
    solution = problem.solve(exploration_level=5, nb_threads=2)
    seconds = time.perf_counter() - began
    routes = []
    for _, rows in solution.routes.groupby("vehicle_id"):
        routes.append([nodes[int(i)] for i in rows["location_index"] if int(i) < size])
    return routes, seconds


def ortools_tsp(network: Network, start: int, end: int, nodes: list[int], seconds: float) -> tuple[list[int], float]:
    manager = pywrapcp.RoutingIndexManager(len(nodes), 1, [nodes.index(start)], [nodes.index(end)])
    routing = pywrapcp.RoutingModel(manager)
    rows = network.cost[np.ix_(nodes, nodes)].tolist()
    callback = routing.RegisterTransitCallback(lambda a, b: rows[manager.IndexToNode(a)][manager.IndexToNode(b)])
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    began = time.perf_counter()
    solution = routing.SolveWithParameters(params)
    elapsed = time.perf_counter() - began
    index, route = routing.Start(0), []
    while True:
        route.append(nodes[manager.IndexToNode(index)])
        if routing.IsEnd(index):
            break
        index = solution.Value(routing.NextVar(index))
    return route, elapsed


def bench_2020() -> None:
    path = REPO / "examples" / "caravan-2020.json"
    instance = load_instance(path)
    network = Network(instance)
    team = instance.teams[0]
    plan = solve(instance, network=network)
    announced = json.loads(path.read_text(encoding="utf-8"))["announced_order"]
    given = evaluate(instance, announced, network=network)
    nodes = list(range(len(instance.stops)))
    start, end = network.index[team.start], network.index[team.end]
    print("== 2020 caravan: 20 stops, 8 days, 3 h sessions, 08:00-19:00, 5 h driving a day")
    print(f"Madina: {'feasible' if plan.feasible else 'INFEASIBLE'} plan in {plan.teams[0].days_used} days, "
          f"cost {plan.cost} min (driving {human(plan.drive)} + ferry {human(plan.teams[0].ferry)}), "
          f"{'proven optimal' if plan.proven_optimal else 'not proven'}, lower bound {plan.lower_bound}, "
          f"gap {plan.gap:.2%}, {plan.seconds:.3f} s ({plan.method})")
    free = HeldKarp(network.cost, nodes, start, end).optimum()
    print(f"  exact optimum with no day rules (Held-Karp): {free} min; Madina's day-feasible order is "
          f"{(plan.cost - free) / free:.2%} above it")
    print(f"Announced 2020 order: cost {given.cost} min (driving {human(given.drive)}), "
          f"{(given.cost - plan.cost) / plan.cost:+.2%} vs Madina, {(given.cost - free) / free:+.2%} vs the "
          f"no-rules optimum; fits the 8 days: {given.feasible}")
    for problem in given.problems:
        print(f"  - {problem.message}")
    service = [s.session for s in instance.stops]
    routes, seconds = vroom_routes(network, nodes, 1, service, [(10**7, 10**7)], start, end)
    cost = route_cost(network, routes[0])
    print(f"pyvroom (TSP, same matrix): cost {cost} min, {seconds:.3f} s, gap to exact {(cost - free) / free:.2%}, "
          f"days needed for its order {days_needed(network, instance.rules, team, routes[0])}")
    route, seconds = ortools_tsp(network, start, end, nodes, 1.0)
    cost = route_cost(network, route)
    print(f"OR-Tools (TSP, GLS 1 s, same matrix): cost {cost} min, {seconds:.3f} s, gap to exact "
          f"{(cost - free) / free:.2%}, days needed for its order {days_needed(network, instance.rules, team, route)}")


def bench_national(seconds: float) -> None:
    instance = national_instance()
    network = Network(instance)
    rules = instance.rules
    print(f"\n== national: {len(instance.stops)} municipalities, {len(instance.teams)} teams x 30 days, 2 h sessions")
    began = time.perf_counter()
    plan = solve(instance, Options(seconds=seconds), network=network)
    elapsed = time.perf_counter() - began
    worst = max((d.drive for t in plan.teams for d in t.days), default=0)
    print(f"Madina: {'feasible' if plan.feasible else 'INFEASIBLE'}, {elapsed:.1f} s, total driving "
          f"{human(plan.drive)} ({plan.drive} min), cost {plan.cost} min, lower bound {plan.lower_bound} "
          f"(gap {plan.gap:.1%}), days used {[t.days_used for t in plan.teams]}, longest day at the wheel "
          f"{human(worst)} (cap {human(rules.max_drive)})")
    for problem in plan.problems:
        print(f"  - {problem.message}")
    nodes = list(range(len(instance.stops)))
    service = [s.session for s in instance.stops]
    budget = [(len(t.dates) * (rules.end - rules.start), len(t.dates) * rules.max_drive) for t in instance.teams]
    routes, vroom_seconds = vroom_routes(network, nodes, len(instance.teams), service, budget)
    vroom_drive = sum(int(sum(network.drive[a, b] for a, b in itertools.pairwise(r))) for r in routes)
    vroom_cost = sum(route_cost(network, r) for r in routes)
    print(f"pyvroom: {vroom_seconds:.1f} s, total driving {human(vroom_drive)} ({vroom_drive} min), cost {vroom_cost} "
          f"min; Madina's driving is {(plan.drive - vroom_drive) / vroom_drive:+.2%} vs pyvroom's")
    for team, route in zip(instance.teams, routes, strict=False):
        fits = team_plan(network, instance, team, route).feasible
        cap = drive_needed(network, rules, team, route)
        if cap is not None:
            verdict = (f"fits within the cap ({human(cap)} needed)" if cap <= rules.max_drive else
                       f"needs {human(cap)} of driving on its worst day: breaks the {human(rules.max_drive)} cap by "
                       f"{human(cap - rules.max_drive)}")
        else:
            unlimited = Relax(max_drive=24 * 60)
            verdict = (f"does not fit its 30 days at any driving cap (needs {days_needed(network, rules, team, route)}"
                       f" days at the cap, {days_needed(network, rules, team, route, unlimited)} with no cap)")
        print(f"  pyvroom {team.id}: {len(route)} stops, fits the days and cap: {fits}; {verdict}")


def bench_suite(seconds: float, seeds: range) -> None:
    """The random national suite of issue 15 (tests/tour/national.py), against pyvroom with the daily caps relaxed
    to per-team totals (each team's days x working day, days x cap): a relaxation, so pyvroom may go under."""
    print(f"\n== random national suite: {len(seeds)} instances (seeds {seeds.start}-{seeds.stop - 1}), "
          f"{seconds:.0f} s each; load: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    solved, ratios, times = 0, [], []
    for seed in seeds:
        raw = random_raw(seed)
        instance = parse_instance(raw)
        network = Network(instance)
        rules = instance.rules
        began, cpu = time.perf_counter(), time.process_time()
        plan = solve(instance, Options(seconds=seconds), network=network)
        wall, cpu = time.perf_counter() - began, time.process_time() - cpu
        recomputed = sum(route_cost(network, [network.index[s] for s in t.order]) for t in plan.teams)
        assert recomputed == plan.cost, f"seed {seed}: reported cost {plan.cost}, recomputed {recomputed}"
        nodes = list(range(len(instance.stops)))
        budget = [(len(t.dates) * (rules.end - rules.start), len(t.dates) * rules.max_drive) for t in instance.teams]
        routes, vroom_seconds = vroom_routes(network, nodes, len(instance.teams), [s.session for s in instance.stops],
                                             budget)
        vroom_cost = sum(route_cost(network, r) for r in routes)
        vroom_days = [days_needed(network, rules, t, r) for t, r in zip(instance.teams, routes, strict=False)]
        vroom_fits = all(d is not None and d <= len(t.dates) for t, d in zip(instance.teams, vroom_days, strict=False))
        solved += plan.feasible
        ratio = plan.cost / vroom_cost
        ratios.append(ratio)
        times.append(wall)
        slack = ", ".join(f"{t.days_used}/{t.days_available}" for t in plan.teams)
        print(f"seed {seed:2d}: {len(instance.stops)} stops, {len(instance.teams)} teams x {len(instance.teams[0].dates)}"
              f" days, {raw['session']} min sessions, cap {rules.max_drive} min | Madina "
              f"{'plan' if plan.feasible else 'NO PLAN'} {plan.cost} min (bound {plan.lower_bound}, gap "
              f"{plan.gap:.1%}), days used {slack}, {wall:.1f} s ({cpu:.1f} s CPU) | pyvroom {vroom_cost} min "
              f"{vroom_seconds:.1f} s, its routes fit the days: {vroom_fits} | ratio {ratio:.3f}", flush=True)
    print(f"solved {solved}/{len(seeds)}; cost ratio to pyvroom: median {statistics.median(ratios):.3f}, "
          f"worst {max(ratios):.3f}, over 1.02: {sum(r > 1.02 for r in ratios)}; time: median "
          f"{statistics.median(times):.1f} s, worst {max(times):.1f} s; load now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=25.0, help="search time per instance")
    parser.add_argument("--suite", action="store_true", help="only the random national suite")
    parser.add_argument("--seeds", default="0-19", help="the suite's seeds, FIRST-LAST (default 0-19)")
    args = parser.parse_args()
    first, last = (int(x) for x in args.seeds.split("-"))
    if not args.suite:
        bench_2020()
        bench_national(args.seconds)
    bench_suite(args.seconds, range(first, last + 1))
