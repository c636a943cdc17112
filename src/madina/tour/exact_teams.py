"""The proven optimum for a few teams with a few stops each (at most 12 a team), with CP-SAT.

Each team is a circuit through a zero-cost depot (its free start and end) that may skip stops; every stop is on
exactly one team's circuit (its pinned team's, if it has one); the cost is the legs driven. A day split is not
linear, so the model keeps only what any split needs (per team: sessions and travel within days x working day,
driving within days x cap, no more sessions than its days can hold, no leg over the cap) and the exact split
checks each optimum: when a team's route does not split into its days, that route is forbidden to every team of
its kind and the model is solved again.
The first optimum whose routes all split is optimal, since each forbidden route was infeasible; when time runs
out, the last model's bound is still a lower bound on every plan.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
from ortools.sat.python import cp_model

from madina.tour.model import Instance
from madina.tour.schedule import Splitter
from madina.tour.search import kinds_of
from madina.tour.travel import Network

PER_TEAM = 12
MAX_STOPS = 36


def small_enough(instance: Instance) -> bool:
    teams = instance.teams
    free = all(t.start is None and t.end is None for t in teams)
    return free and len(teams) >= 2 and len(instance.stops) <= min(PER_TEAM * len(teams), MAX_STOPS)


def solve_exact_teams(instance: Instance, network: Network, legal: np.ndarray, seconds: float
                      ) -> tuple[list[list[int]] | None, int, str]:
    """(routes, lower bound, verdict): verdict 'optimal' with the optimal routes, 'infeasible' when the model
    itself has no solution (a proof: it only keeps what every plan needs), else 'unknown' with the routes that fit
    found on the way (None if none) and the best bound known."""
    deadline = time.perf_counter() + seconds
    rules, teams, stops = instance.rules, instance.teams, instance.stops
    n = len(stops)
    kinds = kinds_of(instance)
    splitters = {}
    for team, kind in zip(teams, kinds, strict=True):
        splitters.setdefault(kind, Splitter(network, rules, team))
    day = max(rules.end, rules.evening_latest) - rules.start
    most_a_day = (rules.end - rules.start) // max(1, min(s.session for s in stops))
    cost = network.cost.tolist()
    drive = network.drive.tolist()
    allowed = [(i, j) for i in range(n) for j in range(n) if i != j and legal[i, j] < 10**8]

    model = cp_model.CpModel()
    arcs: list[dict[tuple[int, int], cp_model.IntVar]] = []
    visits: list[list[cp_model.IntVar]] = []
    for t, team in enumerate(teams):
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        circuit = [(0, 0, model.NewBoolVar(f"idle{t}"))]
        visit = []
        for i in range(n):
            here = model.NewBoolVar(f"v{t}_{i}")
            visit.append(here)
            circuit.append((i + 1, i + 1, here.Not()))
            for key, (a, b) in ((("in", i), (0, i + 1)), (("out", i), (i + 1, 0))):
                x[key] = model.NewBoolVar(f"{key[0]}{t}_{i}")
                circuit.append((a, b, x[key]))
        for i, j in allowed:
            x[(i, j)] = model.NewBoolVar(f"x{t}_{i}_{j}")
            circuit.append((i + 1, j + 1, x[(i, j)]))
        model.AddCircuit(circuit)
        days = len(team.dates)
        model.Add(sum(stops[i].session * visit[i] for i in range(n))
                  + sum(cost[i][j] * x[(i, j)] for i, j in allowed) <= days * day)
        model.Add(sum(drive[i][j] * x[(i, j)] for i, j in allowed) <= days * rules.max_drive)
        model.Add(sum(visit) <= days * most_a_day)
        arcs.append(x)
        visits.append(visit)
    for i in range(n):
        model.AddExactlyOne(visits[t][i] for t in range(len(teams)))
    for i, t in instance.team_pins().items():
        model.Add(visits[t][i] == 1)
    for t in range(len(teams) - 1):  # teams of one kind are interchangeable: the busier first
        if kinds[t] == kinds[t + 1]:
            model.Add(sum(visits[t]) >= sum(visits[t + 1]))
    model.Minimize(sum(cost[i][j] * var for x in arcs for (i, j), var in x.items() if isinstance(i, int)))

    bound, fitting = 0, None
    while True:
        left = deadline - time.perf_counter()
        if left <= 0.1:
            return fitting, bound, "unknown"
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = left
        solver.parameters.num_workers = 2
        status = solver.Solve(model)
        if status == cp_model.INFEASIBLE:
            return None, bound, "infeasible"
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return fitting, bound, "unknown"
        bound = max(bound, math.ceil(solver.BestObjectiveBound() - 1e-6))
        routes = [_route(solver, x, n) for x in arcs]
        failed = [t for t, r in enumerate(routes) if splitters[kinds[t]].split(r) is None]
        if status == cp_model.OPTIMAL and not failed:
            return routes, round(solver.ObjectiveValue()), "optimal"
        if status != cp_model.OPTIMAL:
            return (fitting if failed else routes), bound, "unknown"
        for t in failed:
            route = routes[t]
            used = [("in", route[0]), *itertools.pairwise(route), ("out", route[-1])]
            for other in range(len(teams)):
                if kinds[other] == kinds[t]:
                    model.Add(sum(arcs[other][key] for key in used) <= len(used) - 1)


def _route(solver: cp_model.CpSolver, x: dict, n: int) -> list[int]:
    first = next((i for i in range(n) if solver.Value(x[("in", i)])), None)
    if first is None:
        return []
    route, succ = [first], {}
    for key, var in x.items():
        if isinstance(key[0], int) and solver.Value(var):
            succ[key[0]] = key[1]
    while route[-1] in succ:
        route.append(succ[route[-1]])
    return route
