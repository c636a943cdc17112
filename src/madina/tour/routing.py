"""Orders for large instances and for several teams: OR-Tools routing (guided local search).

Each team is a vehicle from its start stop to its end stop (a free end is a zero-cost dummy depot). The arc cost is
the objective (minutes of driving plus ferry crossings); a leg longer than the daily driving cap costs a penalty
that no plan pays. Two dimensions keep each team's route within what its days can hold: sessions plus travel at
most days x working-window, driving at most days x cap. These are necessary, not sufficient, conditions: the
caller splits each route into days exactly and tightens a team's share when its split fails.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

PENALTY = 1_000_000


def solve_routes(
    cost: np.ndarray,
    drive: np.ndarray,
    sessions: list[int],
    stops: list[int],
    teams: list[tuple[int | None, int | None, int, int]],
    cap: int,
    seconds: float,
    initial: list[list[int]] | None = None,
    first: str = "SAVINGS",
    pins: dict[int, int] | None = None,
    balance: int = 0,
    keep: Callable[[list[list[int]]], bool] | None = None,
) -> list[list[int]] | None:
    """Routes over `stops` (indices into the matrices), one per team, each from its start to its end.

    teams: (start, end, work-minutes budget, driving budget) per team, start/end None when free; first: the
    OR-Tools first-solution strategy when no initial routes are given or they break a budget; pins: stop -> the
    team (index into `teams`) that must visit it; balance: the cost of each minute of work of the busiest team
    beyond the least busy one's (routes without budgets spread over the teams); keep: a test the routes must pass
    (each team's days): the budgets are only necessary conditions, so the last solution of the guided local search
    may fail it after an earlier, dearer one passed; the cheapest solution seen that passes is then returned
    instead.
    Returns the full route of each team (start and end included), or None when OR-Tools finds none.
    """
    fixed = {s for t in teams for s in t[:2] if s is not None}
    visits = [k for k in stops if k not in fixed]
    nodes = visits + sorted(fixed)
    dummy = len(nodes)
    where = {k: i for i, k in enumerate(nodes)}
    size = dummy + 1
    idx = np.array(nodes)
    arc = np.zeros((size, size), dtype=np.int64)
    legal = drive[np.ix_(idx, idx)] <= cap
    arc[:dummy, :dummy] = np.where(legal, np.minimum(cost[np.ix_(idx, idx)], PENALTY), PENALTY)
    work = np.zeros((size, size), dtype=np.int64)
    work[:dummy, :dummy] = arc[:dummy, :dummy] + np.array([sessions[k] for k in nodes])[:, None]
    wheel = np.zeros((size, size), dtype=np.int64)
    wheel[:dummy, :dummy] = np.minimum(drive[np.ix_(idx, idx)], PENALTY)

    starts = [where[t[0]] if t[0] is not None else dummy for t in teams]
    ends = [where[t[1]] if t[1] is not None else dummy for t in teams]
    manager = pywrapcp.RoutingIndexManager(size, len(teams), starts, ends)
    routing = pywrapcp.RoutingModel(manager)

    def matrix_callback(matrix):
        # a matrix registered in C++: Python callbacks would slow the local search several times over
        return routing.RegisterTransitMatrix(matrix.tolist())

    routing.SetArcCostEvaluatorOfAllVehicles(matrix_callback(arc))
    routing.AddDimensionWithVehicleCapacity(matrix_callback(work), 0, [t[2] for t in teams], True, "work")
    routing.AddDimensionWithVehicleCapacity(matrix_callback(wheel), 0, [t[3] for t in teams], True, "drive")
    if balance:
        routing.GetDimensionOrDie("work").SetGlobalSpanCostCoefficient(balance)
    for k, vehicle in (pins or {}).items():
        if k in where and k not in fixed:
            routing.VehicleVar(manager.NodeToIndex(where[k])).SetValues([vehicle])

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first)
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(100, int(seconds * 1000)))

    def routes_of(value) -> list[list[int]]:
        routes = []
        for v in range(len(teams)):
            index, route = routing.Start(v), []
            while True:
                node = manager.IndexToNode(index)
                if node != dummy:
                    route.append(nodes[node])
                if routing.IsEnd(index):
                    break
                index = value(routing.NextVar(index))
            routes.append(route)
        return routes

    kept: list = [None, None]  # the cheapest routes seen that pass `keep`, and their cost
    if keep is not None:
        def seen():
            cost = routing.CostVar().Value()
            if kept[1] is None or cost < kept[1]:
                routes = routes_of(lambda var: var.Value())
                if keep(routes):
                    kept[:] = [routes, cost]

        routing.AddAtSolutionCallback(seen)
    solution = None
    if initial:
        routing.CloseModelWithParameters(params)
        guess = routing.ReadAssignmentFromRoutes(
            [[where[k] for k in route if k not in fixed] for route in initial], True
        )
        if guess is not None:
            solution = routing.SolveFromAssignmentWithParameters(guess, params)
    if solution is None:
        solution = routing.SolveWithParameters(params)
    if solution is None and pins and first != "PARALLEL_CHEAPEST_INSERTION":
        # savings and Christofides build routes blind to the teams a stop is pinned to, and give up at once
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
        solution = routing.SolveWithParameters(params)
    if solution is None:
        return kept[0]
    routes = routes_of(solution.Value)
    return routes if keep is None or kept[0] is None or keep(routes) else kept[0]
