"""The search for teams that start and end anywhere: never give up while there is time left.

Several ways to a first plan, each cut between the teams and into days exactly (`teams.cut`): a nearest-neighbour
order (instant), one OR-Tools order over every stop (guided local search) and, when they fail, a sweep by angle
round the stops' centre. Then OR-Tools routes for all the teams together, started from the best plan and with each
team's days as budgets (sessions and travel at most days x working day, driving at most days x cap: necessary
conditions), so the search keeps the cheapest routes it saw that do split into every team's days (its last,
cheapest routes may not: seed 7 of the random national suite lost a whole round that way, 3648 min instead of
3574); when none does, the routes are put end to end and cut again, which moves the stops at the edges to the teams
with spare days. Every round that ends with a better plan keeps it.
Stops pinned to a team stay with it: OR-Tools is told which vehicle visits them, the orders cut between the
teams gather each team's pinned stops first (`pins.gathered`), and when no cut fits, OR-Tools routes keeping the
pins (without the days' budgets, under which its first solutions fail) start the search.

When no plan is found in time, the plan says so (never "infeasible" without a proof, see `explain`): the best
partial plan, what was tried, and the smallest change under which the search did find a plan (more days).
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field

import numpy as np

from madina.tour.model import Instance, Problem
from madina.tour.pins import gathered
from madina.tour.routing import solve_routes
from madina.tour.schedule import Relax, Splitter
from madina.tour.teams import cut, joined
from madina.tour.travel import Network

BIG = 10**9
STRATEGIES = ("SAVINGS", "PARALLEL_CHEAPEST_INSERTION", "PATH_CHEAPEST_ARC", "CHRISTOFIDES")


def kinds_of(instance: Instance) -> list[int]:
    """Teams with the same working days plan alike: one day split for each kind (a team with stops pinned to it
    is a kind of its own)."""
    pinned = {stop.team for stop in instance.stops}
    seen: dict[tuple, int] = {}
    return [seen.setdefault((t.dates, t.start, t.end, t.id if t.id in pinned else None), len(seen))
            for t in instance.teams]


def nearest_neighbour(cost: np.ndarray, nodes: list[int]) -> list[int]:
    """From the stop farthest from the others, always on to the nearest stop not yet visited."""
    sub = cost[np.ix_(nodes, nodes)].astype(float)
    n = len(nodes)
    if n <= 1:
        return list(nodes)
    np.fill_diagonal(sub, np.inf)
    current = int(np.argmax(np.where(np.isinf(sub), 0, sub).mean(axis=1)))
    seen = np.zeros(n, dtype=bool)
    order = [current]
    seen[current] = True
    for _ in range(n - 1):
        row = np.where(seen, np.inf, sub[current])
        current = int(np.argmin(row))
        seen[current] = True
        order.append(current)
    return [nodes[k] for k in order]


def sweep(instance: Instance, nodes: list[int], start_angle: float = 0.0) -> list[int]:
    """The stops by angle round their centre, starting at `start_angle` (radians)."""
    lat = np.array([instance.stops[k].point.lat for k in nodes])
    lon = np.array([instance.stops[k].point.lon for k in nodes])
    angle = (np.arctan2(lat - lat.mean(), lon - lon.mean()) - start_angle) % (2 * math.pi)
    return [nodes[k] for k in np.argsort(angle, kind="stable")]


@dataclass
class Search:
    instance: Instance
    network: Network
    legal: np.ndarray
    deadline: float
    kinds: list[int] = field(init=False)
    splitters: dict[int, Splitter] = field(init=False)
    best: list[list[int]] | None = None
    best_cost: int = 0
    partial: list[list[int]] | None = None  # the last routes seen, for a plan not found
    tried: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.kinds = kinds_of(self.instance)
        self.pins = self.instance.team_pins()
        self.splitters = {}
        for team, kind in zip(self.instance.teams, self.kinds, strict=True):
            self.splitters.setdefault(kind, Splitter(self.network, self.instance.rules, team))

    def cost(self, routes: list[list[int]]) -> int:
        return int(sum(self.network.cost[a, b] for r in routes for a, b in itertools.pairwise(r)))

    def fits(self, t: int, route: list[int]) -> bool:
        return self.splitters[self.kinds[t]].split(route) is not None

    def offer(self, routes: list[list[int]]) -> bool:
        cost = self.cost(routes)
        if self.best is None or cost < self.best_cost:
            self.best, self.best_cost = [list(r) for r in routes], cost
            return True
        return False

    def cut(self, order: list[int], how: str) -> bool:
        order = gathered(order, self.pins)
        routes = cut(self.network.cost, order, self.kinds, self.splitters)
        if routes is None and (self.left() > 1 or self.best is None):
            routes = cut(self.network.cost, order, self.kinds, self.splitters, exact=True)
        found = routes is not None and self.offer(routes)
        self.tried.append(f"{how}: " + (f"plan of {self.best_cost} min" if found else
                                        "a plan, no better" if routes is not None else "no cut fits the days"))
        return routes is not None

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def budgets(self, share: list[float]) -> list[tuple[None, None, int, int]]:
        rules = self.instance.rules
        day = max(rules.end, rules.evening_latest) - rules.start
        return [(None, None, int(len(t.dates) * day * f), int(len(t.dates) * rules.max_drive * f))
                for t, f in zip(self.instance.teams, share, strict=True)]

    def routes_round(self, nodes: list[int], sessions: list[int], seconds: float, first: str,
                     share: list[float]) -> list[int]:
        """One OR-Tools search for every team; returns the teams whose route did not split into their days."""
        rules, network = self.instance.rules, self.network
        found = solve_routes(self.legal, network.drive, sessions, nodes, self.budgets(share), rules.max_drive,
                             seconds, self.best, first, self.pins,
                             keep=lambda routes: all(self.fits(t, r) for t, r in enumerate(routes)))
        how = f"OR-Tools routes for every team ({first.lower().replace('_', ' ')}, guided local search, {seconds:.0f} s)"
        if found is None:
            self.tried.append(f"{how}: none found")
            return []
        self.partial = found
        failed = [t for t, r in enumerate(found) if not self.fits(t, r)]
        if not failed:
            better = self.offer(found)
            self.tried.append(f"{how}: " + (f"plan of {self.best_cost} min" if better else "a plan, no better"))
        else:
            self.cut(joined(network.cost, found), f"{how}, end to end and cut again")
        return failed

    def run(self, progress) -> None:
        network, nodes = self.network, list(range(len(self.instance.stops)))
        sessions = [stop.session for stop in self.instance.stops]
        total = self.left()
        if progress:
            progress(f"one order over every stop with OR-Tools ({self.left():.0f} s left)")
        seconds = max(0.5, min(total * 0.25, self.left() - 0.5))
        giant = solve_routes(self.legal, network.drive, sessions, nodes, [(None, None, BIG, BIG)],
                             self.instance.rules.max_drive, seconds, None, "PATH_CHEAPEST_ARC")
        if giant is not None:
            self.cut(giant[0], f"one OR-Tools order over every stop ({seconds:.0f} s), cut between teams and days")
        if self.best is None:
            self.cut(nearest_neighbour(self.legal, nodes), "nearest-neighbour order, cut between teams and days")
        if self.best is None and self.pins and self.left() > 1:
            self.pinned_routes(nodes, sessions)
        for k in range(8):
            if self.best is not None or self.left() <= 0.5:
                break
            self.cut(sweep(self.instance, nodes, k * math.pi / 4), f"sweep by angle from {45 * k}°, cut")
        rounds, share = 0, [1.0] * len(self.instance.teams)
        while self.left() > 1:
            if progress:
                progress(f"OR-Tools routes for every team ({self.left():.0f} s left, round {rounds + 1})")
            seconds = self.left() - 0.5 if self.best is not None else max(1.0, self.left() / 2)
            failed = self.routes_round(nodes, sessions, seconds, STRATEGIES[rounds % len(STRATEGIES)], share)
            for t in failed:
                share[t] *= 0.95
            rounds += 1

    def pinned_routes(self, nodes: list[int], sessions: list[int]) -> None:
        """Routes that keep the team pins, OR-Tools without the days' budgets (with budgets and pins its first
        solutions often find nothing): first with the busiest team's work costed, which spreads the stops over
        the teams, then without, which keeps the routes' shapes; either mostly splits, or cuts, into the days."""
        teams, network = self.instance.teams, self.network
        for balance in (1, 0):
            if self.best is not None or self.left() <= 1:
                return
            seconds = max(0.5, min(self.left() * 0.4, self.left() - 0.5))
            found = solve_routes(self.legal, network.drive, sessions, nodes, [(None, None, BIG, BIG)] * len(teams),
                                 self.instance.rules.max_drive, seconds, None, "PARALLEL_CHEAPEST_INSERTION",
                                 self.pins, balance=balance)
            how = (f"OR-Tools routes keeping the team pins, without the days' budgets"
                   f"{', balanced' if balance else ''} ({seconds:.0f} s)")
            if found is None:
                self.tried.append(f"{how}: none found")
                continue
            self.partial = found
            if all(self.fits(t, r) for t, r in enumerate(found)):
                self.offer(found)
                self.tried.append(f"{how}: plan of {self.best_cost} min")
            else:
                self.cut(joined(network.cost, found), f"{how}, end to end and cut again")

    def relaxation(self, order: list[int]) -> int | None:
        """The fewest extra days for every team under which this order does cut into a plan."""
        def holds(extra: int) -> bool:
            loose = {kind: Splitter(self.network, self.instance.rules, s.team, Relax(extra_days=extra))
                     for kind, s in self.splitters.items()}
            return cut(self.network.cost, order, self.kinds, loose) is not None

        high = len(order)
        if not holds(high):
            return None
        low = 0
        while low < high:
            mid = (low + high) // 2
            if holds(mid):
                high = mid
            else:
                low = mid + 1
        return low

    def not_found(self, seconds: float) -> tuple[list[list[int]], list[Problem]]:
        """The best partial plan (the last routes seen) and the smallest relaxation found feasible."""
        teams = self.instance.teams
        routes = self.partial or [nearest_neighbour(self.legal, list(range(len(self.instance.stops))))] + [
            [] for _ in teams[1:]]
        problems = [Problem("search", f"no plan found in {seconds:.0f} s; the plan below is the best partial one "
                            "(the teams marked as not fitting break a rule)")]
        extra = self.relaxation(joined(self.network.cost, routes))
        if extra is not None:
            problems.append(Problem("days", f"with {extra} more day(s) for every team the search finds a plan",
                                    fixes={"extra_days": extra}))
        return routes, problems

