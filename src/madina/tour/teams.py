"""Sharing one long order among the teams: route first, then split it between teams and into days, exactly.

Given one order over every stop (a "giant tour"), each team takes a piece of it, in turn; a piece is feasible when
the exact day split (`Splitter`) fits it into that team's days. The cost of a plan made this way is the giant
tour's cost less the legs between pieces, so the best cut is the one that drops the dearest legs while every piece
fits. Whether a piece fits only gets easier when it loses a stop at either end, so for each team and each first
stop there is a farthest last stop (`Splitter.reach`), and the best cut is a dynamic programme over the pieces
(and over which teams are used so far, when teams differ). This is where one team's overflow goes to another's
spare days: the cut moves, and the stops at the edge change teams.

The same programme repairs any set of routes: put them end to end (in the order that joins them most cheaply)
and cut again.
"""

from __future__ import annotations

import itertools
import math
from collections import deque

import numpy as np

from madina.tour.schedule import Splitter

NONE = -(10**15)


def reaches(splitter: Splitter, order: list[int], samples: int = 64, also: frozenset[int] = frozenset()) -> list[int]:
    """For each position i of `order`, the end j of a piece order[i:j] that fits this team's days: the longest one
    from every `step`-th position and from the positions `also`, and from the others the end of the one before
    them (shorter than it could be, never too long), so that long orders take about `samples` day splits rather
    than one per position."""
    n, out, j = len(order), [], 0
    step = max(1, math.ceil(n / samples))
    for i in range(n):
        j = max(j, i)
        if j < n and (i % step == 0 or i in also):
            j = max(j, i + splitter.reach(order[i:]))
        out.append(j)
    out.append(n)
    return out


def cut(cost: np.ndarray, order: list[int], kinds: list[int], splitters: dict[int, Splitter],
        exact: bool = False) -> list[list[int]] | None:
    """The pieces of `order`, one per team (possibly empty), that fit every team's days and drop the dearest legs.

    kinds[t]: the kind of team t (teams of one kind have the same days and rules); splitters: one per kind.
    Returns the route of each team, or None when no cut fits (with `exact`, a proof that none does; otherwise
    the pieces start at sampled positions only and a retry with `exact` may still find one).
    """
    n, teams = len(order), len(kinds)
    if n == 0:
        return [[] for _ in kinds]
    legs = [0] + [int(cost[a, b]) for a, b in itertools.pairwise(order)]  # legs[i]: the leg into position i
    # the pieces would rather start after the dearest legs (and must after one no day can drive): sample those
    dearest = frozenset(np.argsort(legs)[::-1][: 4 * teams].tolist())
    samples = n if exact else 64
    reach = {kind: reaches(splitters[kind], order, samples, dearest) for kind in set(kinds)}
    # best[used][i]: the dearest legs dropped covering order[:i] with the teams in `used` (a bit mask), and how
    if teams <= 6:
        states = list(range(1 << teams))
        steps = {used: [t for t in range(teams) if not used >> t & 1] for used in states}
    else:  # too many masks: teams take the pieces in their own order
        states = [(1 << t) - 1 for t in range(teams + 1)]
        steps = {used: [used.bit_length()] if used.bit_length() < teams else [] for used in states}
    best = {0: [NONE] * (n + 1)}
    best[0][0] = 0
    back: dict[int, list] = {0: [None] * (n + 1)}
    for used in sorted(states, key=lambda m: bin(m).count("1")):
        row = best.get(used)
        if row is None:
            continue
        for t in steps[used]:
            nxt = used | 1 << t
            target = best.setdefault(nxt, [NONE] * (n + 1))
            came = back.setdefault(nxt, [None] * (n + 1))
            r = reach[kinds[t]]
            window: deque[int] = deque()  # candidate first stops i, their values decreasing
            i = 0
            for j in range(n + 1):
                if row[j] > target[j]:  # the team takes nothing
                    target[j], came[j] = row[j], (used, j, t)
                while i < j:  # pieces [i, j) start here: admit i
                    if row[i] > NONE:
                        value = row[i] + legs[i]
                        while window and row[window[-1]] + legs[window[-1]] <= value:
                            window.pop()
                        window.append(i)
                    i += 1
                while window and r[window[0]] < j:
                    window.popleft()
                if window:
                    first = window[0]
                    value = row[first] + legs[first]
                    if value > target[j]:
                        target[j], came[j] = value, (used, first, t)
    full = max((m for m in best if best[m][n] > NONE), key=lambda m: best[m][n], default=None)
    if full is None:
        return None
    routes: list[list[int]] = [[] for _ in kinds]
    used, j = full, n
    while used:
        used, i, t = back[used][j]
        if i < j:
            routes[t] = order[i:j]
        j = i
    return routes


def joined(cost: np.ndarray, routes: list[list[int]]) -> list[int]:
    """The routes end to end in the order that makes the joining legs cheapest (every order up to 7 routes)."""
    full = [r for r in routes if r]
    if len(full) <= 1:
        return [k for r in full for k in r]
    if len(full) <= 7:
        best = min(itertools.permutations(range(len(full))),
                   key=lambda p: sum(int(cost[full[a][-1], full[b][0]]) for a, b in itertools.pairwise(p)))
    else:
        best, left = [0], set(range(1, len(full)))
        while left:
            nxt = min(left, key=lambda b: int(cost[full[best[-1]][-1], full[b][0]]))
            best.append(nxt)
            left.remove(nxt)
    return [k for index in best for k in full[index]]
