"""Planning a tour: the order of the stops for each team, split into days, with its proof or lower bound.

What "optimal" means here: the least total travel (minutes of driving plus ferry crossings, waiting excluded)
over all orders that can be split into the team's days under every rule (working window, daily driving cap,
evening drives, time windows, dates, pinned days, ferry timetable). For one team with at most 22 stops this is
proven: Held-Karp gives every order's exact cost, orders are tried cheapest first and the first one that splits
is optimal. Otherwise OR-Tools routing finds the orders, each is split exactly, and the Lagrangian
spanning-forest bound says how far from optimal the plan can be at most.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from madina.tour.bound import forest_bound
from madina.tour.exact import INF, MAX_MIDDLE, HeldKarp
from madina.tour.exact_teams import small_enough, solve_exact_teams
from madina.tour.explain import capacity_problems, order_problems, static_problems
from madina.tour.model import Instance, Plan, Problem, Team, TeamPlan
from madina.tour.routing import solve_routes
from madina.tour.schedule import Splitter
from madina.tour.search import Search
from madina.tour.travel import Network


@dataclass(frozen=True)
class Options:
    seconds: float = 25.0  # time for the search of orders (OR-Tools), at most
    enumerate_seconds: float = 3.0  # time for trying Held-Karp orders cheapest first
    exact: bool = True  # prove the optimum (Held-Karp, CP-SAT for several teams) when the instance is small enough
    progress: Callable[[str], None] | None = None


def route_cost(network: Network, order: list[int]) -> int:
    return int(sum(network.cost[a, b] for a, b in itertools.pairwise(order)))


def team_plan(network: Network, instance: Instance, team: Team, order: list[int], cuts=None) -> TeamPlan:
    splitter = Splitter(network, instance.rules, team)
    if cuts is None:
        cuts = splitter.split(order)
    pairs = list(itertools.pairwise(order))
    drive = int(sum(network.drive[a, b] for a, b in pairs))
    ferry = int(sum(network.ferry[a, b] for a, b in pairs))
    ids = tuple(network.stops[k].id for k in order)
    if cuts is None:
        return TeamPlan(team.id, ids, (), drive, ferry, False, 0, len(team.dates))
    return TeamPlan(team.id, ids, splitter.days(order, cuts), drive, ferry, True, cuts[-1].day + 1 if cuts else 0,
                    len(team.dates))


def _check_teams(instance: Instance) -> None:
    seen: dict[str, str] = {}
    for team in instance.teams:
        for stop in (team.start, team.end):
            if stop is not None and seen.setdefault(stop, team.id) != team.id:
                raise ValueError(f"stop {stop} is the start or end of two teams ({seen[stop]} and {team.id})")
        if team.start is not None and team.start == team.end and len(instance.stops) > 1:
            raise ValueError(f"team {team.id} starts and ends at the same stop {team.start}; a stop is visited once")
        if not team.dates:
            raise ValueError(f"team {team.id} has no working day (every date is a rest day)")
    teams = {team.id for team in instance.teams}
    for stop in instance.stops:
        if stop.team is not None and stop.team not in teams:
            raise ValueError(f"stop {stop.id} is pinned to team {stop.team}, which is not one of the teams")


def solve(instance: Instance, options: Options = Options(), network: Network | None = None) -> Plan:
    began = time.perf_counter()
    _check_teams(instance)
    network = network or Network(instance)
    rules = instance.rules
    legal = np.where(network.drive > rules.max_drive, INF, network.cost)
    problems = static_problems(instance, network)
    if problems:
        return Plan(instance.name, False, (), 0, 0, False, "checks", time.perf_counter() - began, tuple(problems),
                    proven_infeasible=True)
    nodes = list(range(len(instance.stops)))
    ends = tuple(network.index[s] for t in instance.teams for s in (t.start, t.end) if s is not None)
    used = sum(1 for t in instance.teams if t.start is not None or t.end is not None)

    if len(instance.teams) == 1 and options.exact and len(nodes) - len(ends) <= MAX_MIDDLE:
        plan = _solve_exact(instance, network, legal, options, began)
        if plan is not None:
            return plan
    problems = capacity_problems(instance)
    if problems:
        return Plan(instance.name, False, (), 0, 0, False, "checks", time.perf_counter() - began, tuple(problems),
                    proven_infeasible=True)
    bound = None
    if options.exact and small_enough(instance):
        if options.progress:
            options.progress("proving the optimum for every team (CP-SAT)")
        routes, bound, verdict = solve_exact_teams(instance, network, legal, options.seconds * 0.6)
        if verdict == "infeasible":
            problem = Problem("order", "no way to share the stops between the teams fits their days: every share "
                              "that keeps the totals was tried and none splits into days")
            return Plan(instance.name, False, (), 0, 0, False, "cp-sat (every team, proven)",
                        time.perf_counter() - began, (problem,), proven_infeasible=True)
        if verdict == "optimal":
            plans = [team_plan(network, instance, t, r) for t, r in zip(instance.teams, routes, strict=True)]
            return Plan(instance.name, True, tuple(plans), bound, bound, True, "cp-sat (every team, proven)",
                        time.perf_counter() - began)
    if not ends:
        return _solve_search(instance, network, legal, options, began, bound=bound)
    return _solve_routing(instance, network, legal, nodes, ends, used, options, began)


def _solve_search(instance, network, legal, options, began, bound=None) -> Plan:
    """Teams that start and end anywhere: the search of `madina.tour.search`, then the bound and the gap."""
    reserve = min(2.0, options.seconds * 0.1)
    search = Search(instance, network, legal, began + options.seconds - reserve)
    search.run(options.progress)
    teams, seconds = instance.teams, time.perf_counter() - began
    tried = tuple(search.tried)
    if search.best is None:
        routes, problems = search.not_found(seconds)
        plans = [team_plan(network, instance, t, r) for t, r in zip(teams, routes, strict=True)]
        for t, r, p in zip(teams, routes, plans, strict=True):
            if not p.feasible:
                problems.extend(order_problems(instance, network, t, r))
        cost = sum(route_cost(network, r) for r in routes)
        return Plan(instance.name, False, tuple(plans), cost, 0, False, "search (no plan found)",
                    time.perf_counter() - began, tuple(problems), tried=tried)
    routes = search.best
    plans = [team_plan(network, instance, t, r) for t, r in zip(teams, routes, strict=True)]
    cost = sum(route_cost(network, r) for r in routes)
    if options.progress:
        options.progress("computing the lower bound")
    forest = forest_bound(legal, list(range(len(instance.stops))), len(teams), upper=cost, seconds=reserve)
    bound = min(max(bound or 0, forest), cost)
    return Plan(instance.name, True, tuple(plans), cost, bound, bound >= cost,
                f"search ({len(tried)} steps)", time.perf_counter() - began, tried=tried)


def _solve_exact(instance, network, legal, options, began) -> Plan | None:
    team = instance.teams[0]
    index = network.index
    start = index[team.start] if team.start else None
    end = index[team.end] if team.end else None
    held_karp = HeldKarp(legal, list(range(len(instance.stops))), start, end)
    splitter = Splitter(network, instance.rules, team)
    deadline = time.perf_counter() + options.enumerate_seconds
    tried, first, bound = 0, None, held_karp.optimum()
    for tried, (cost, order, rest) in enumerate(held_karp.paths(), start=1):
        first = first or order
        cuts = splitter.split(order)
        if cuts is not None:
            plan = team_plan(network, instance, team, order, cuts)
            return Plan(instance.name, True, (plan,), cost, cost, True, f"held-karp ({tried} orders tried)",
                        time.perf_counter() - began)
        bound = rest
        if tried % 500 == 0 and options.progress:
            options.progress(f"{tried} orders tried, none fits the days yet; lower bound {bound}")
        if time.perf_counter() > deadline:
            break
    else:
        if first is None:
            return None
        plan = team_plan(network, instance, team, first)
        return Plan(instance.name, False, (plan,), route_cost(network, first), INF, True,
                    f"held-karp (all {tried} orders tried)", time.perf_counter() - began,
                    tuple(order_problems(instance, network, team, first)), proven_infeasible=True)
    if first is None:
        return None
    # Held-Karp ran out of time before an order fit: search with OR-Tools, keep Held-Karp's bound.
    if start is None and end is None:
        return _solve_search(instance, network, legal, options, began, bound=bound)
    return _solve_routing(instance, network, legal, list(range(len(instance.stops))),
                          (), 1, options, began, bound=bound, fallback=first)


def _solve_routing(instance, network, legal, nodes, ends, used, options, began, bound=None, fallback=None) -> Plan:
    rules, teams, index = instance.rules, instance.teams, network.index
    window = rules.end - rules.start
    sessions = [stop.session for stop in instance.stops]
    # A day holds whole sessions, so the routes get less than the full window at first; failures shrink it.
    share = [0.9] * len(teams)
    routes, plans = None, None
    deadline = began + options.seconds
    rounds = 0
    while True:
        rounds += 1
        specs = [(index[t.start] if t.start else None, index[t.end] if t.end else None,
                  int(len(t.dates) * window * share[i]), int(len(t.dates) * rules.max_drive * share[i]))
                 for i, t in enumerate(teams)]
        left = deadline - time.perf_counter()
        if options.progress:
            options.progress(f"searching orders with OR-Tools ({max(0, left):.0f} s left, round {rounds})")
        found = solve_routes(legal, network.drive, sessions, nodes, specs, rules.max_drive,
                             max(0.5, left * (0.8 if rounds == 1 else 0.9)), routes, pins=instance.team_pins())
        if found is None:
            break
        routes = found
        plans = [team_plan(network, instance, t, r) for t, r in zip(teams, routes, strict=True)]
        failed = [i for i, p in enumerate(plans) if not p.feasible]
        if not failed or time.perf_counter() > deadline - 1:
            break
        for i in failed:
            share[i] *= 0.9
    if routes is None:
        order = fallback or nodes
        plans = [team_plan(network, instance, teams[0], order)]
        routes = [order]
    cost = sum(route_cost(network, r) for r in routes)
    feasible = all(p.feasible for p in plans)
    if bound is None:
        if options.progress:
            options.progress("computing the lower bound")
        bound = forest_bound(legal, nodes, len(teams), ends, used, upper=cost, seconds=2.0)
    problems = [] if feasible else [
        problem for t, r, p in zip(teams, routes, plans, strict=False) if not p.feasible
        for problem in order_problems(instance, network, t, r)
    ]
    bound = min(bound, cost) if feasible else bound
    if not feasible:
        problems.insert(0, Problem("search", f"no plan found in {time.perf_counter() - began:.0f} s; the plan "
                                   "below is the best partial one (the teams marked as not fitting break a rule)"))
    return Plan(instance.name, feasible, tuple(plans), cost, bound, feasible and bound >= cost,
                f"or-tools routing ({rounds} rounds)", time.perf_counter() - began, tuple(problems),
                tried=(f"OR-Tools routes for every team, {rounds} round(s), each team's share of its days "
                       "tightened after a failed split",))


def _given(instance: Instance, network: Network, team: Team, order: list[str]) -> tuple[TeamPlan, list[Problem]]:
    """One team's plan following a given order, and what keeps it from fitting (its start and end included)."""
    ks = [network.index[s] for s in order]
    plan = team_plan(network, instance, team, ks)
    problems = [] if plan.feasible else order_problems(instance, network, team, ks)
    if order and ((team.start and order[0] != team.start) or (team.end and order[-1] != team.end)):
        problems.append(Problem("order", f"the order must run from {team.start} to {team.end}", team.id))
    return plan, problems


def _checked(network: Network, orders: list[list[str]]) -> set[str]:
    """The stops of the orders; ValueError for an unknown stop or a stop given twice."""
    given = [s for order in orders for s in order]
    unknown = [s for s in given if s not in network.index]
    if unknown:
        raise ValueError(f"unknown stop id(s) in the order: {', '.join(unknown)}")
    if len(set(given)) != len(given):
        raise ValueError("a stop appears twice in the order")
    return set(given)


def _missing(instance: Instance, visited: set[str]) -> list[Problem]:
    missing = [s.id for s in instance.stops if s.id not in visited]
    return [Problem("order", f"the order leaves out {', '.join(missing)}")] if missing else []


def evaluate(instance: Instance, order: list[str], team_id: str | None = None,
             network: Network | None = None) -> Plan:
    """The plan of one team following a given order (e.g. the one announced), with what keeps it from fitting."""
    began = time.perf_counter()
    network = network or Network(instance)
    team = next((t for t in instance.teams if t.id == team_id), None) if team_id else instance.teams[0]
    if team is None:
        raise ValueError(f"no team {team_id!r}; teams: {', '.join(t.id for t in instance.teams)}")
    visited = _checked(network, [order])
    plan, problems = _given(instance, network, team, order)
    if len(instance.teams) == 1:
        problems += _missing(instance, visited)
    return Plan(instance.name, plan.feasible and not problems, (plan,), route_cost(network, plan_nodes(network, plan)),
                0, False, "given order", time.perf_counter() - began, tuple(problems))


def evaluate_teams(instance: Instance, orders: dict[str, list[str]], network: Network | None = None) -> Plan:
    """Every team following its given order (a team not named has none): each team's days used and spare days,
    what keeps each from fitting, and the stops no order visits."""
    began = time.perf_counter()
    network = network or Network(instance)
    unknown = [t for t in orders if t not in {team.id for team in instance.teams}]
    if unknown:
        raise ValueError(f"no team {', '.join(map(repr, unknown))}; teams: {', '.join(t.id for t in instance.teams)}")
    visited = _checked(network, list(orders.values()))
    plans, problems = [], []
    for team in instance.teams:
        plan, found = _given(instance, network, team, list(orders.get(team.id, [])))
        plans.append(plan)
        problems += found
    problems += _missing(instance, visited)
    cost = sum(route_cost(network, plan_nodes(network, plan)) for plan in plans)
    return Plan(instance.name, all(p.feasible for p in plans) and not problems, tuple(plans), cost, 0, False,
                "given order", time.perf_counter() - began, tuple(problems))


def plan_nodes(network: Network, plan: TeamPlan) -> list[int]:
    return [network.index[s] for s in plan.order]
