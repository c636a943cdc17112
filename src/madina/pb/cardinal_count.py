"""Plain MES with cardinal satisfaction (the points a voter gave), certified with numpy and Python's integers.

The integer count of `integer_count` assumes every supporter of a project gets the same satisfaction. With
points they do not, so prices are kept per unit of satisfaction, rho, as exact fractions (Python integers, any
size), and each project's supporters are split by the points they gave (few distinct values): for one value u,
"too poor to pay rho * u" is one comparison of the budgets with a whole number, and what each pays is one
number, so numpy never multiplies by rho and nothing overflows.

- Budgets are intervals [lo, hi] of whole units, as in `certified`: paying rho in [rho_lo, rho_hi] per unit of
  satisfaction gives max(0, lo - ceil(rho_hi * u)) and max(0, hi - floor(rho_lo * u)), which still hold the
  exact budget.
- A project's rho is bracketed by the exact rho over the upper budgets (rho_lo) and over the lower ones
  (rho_hi): lower budgets only make more supporters too poor, which raises rho.
- A project wins a round when its rho_hi is below every other's rho_lo, or when the brackets of the tied
  projects are all one and the same number (then the tie is proven and the tie-break order decides). Anything
  else is "not proven" and the exact count decides.
"""

from __future__ import annotations

import numpy as np

from madina.pb.equal_shares import LIMIT, ranks
from madina.pb.integer_count import PROVEN, UNPROVEN, Search


def _rho(levels, budgets, cost: int, total_sat: int):
    """The exact rho over `budgets`, as (numerator, denominator), or None when they cannot pay `cost`.

    Raised from cost / (all satisfaction), which is not above it, until the supporters too poor to pay their
    share stop changing (they only grow as rho rises); someone can always pay at the exact rho, so the others'
    satisfaction is never 0."""
    if sum(int((weights * budgets[groups]).sum()) for _, groups, weights in levels) < cost:
        return None
    num, den = cost, total_sat
    poor_before = -1
    while True:
        poor = paid = rich_sat = 0
        for u, groups, weights in levels:
            held = budgets[groups]
            below = held < min(-(-num * u // den), LIMIT)  # a whole budget is below x iff below ceil(x)
            poor_weight = int(weights[below].sum())
            poor += poor_weight
            paid += int((weights * held)[below].sum())
            rich_sat += u * (int(weights.sum()) - poor_weight)
        if poor == poor_before:
            return num, den
        poor_before, num, den = poor, cost - paid, rich_sat


def vectorised_cardinal(pptr, pgrp, weight, cost, levels, total_sat, rank, start, slack):
    """One MES count over whole units: the outcome, ties and budget brackets, in `integer_count.vectorised`'s
    format."""
    m = len(cost)
    lo = np.full(len(weight), start - slack, np.int64)
    hi = np.full(len(weight), start, np.int64)
    cap = start + 1
    cost, rank = cost.tolist(), rank.tolist()
    gone = [c < 0 for c in cost]
    bound = [(0, 1)] * m  # a lower bound of each rho, true until the end of the count (budgets only fall)
    selected: list[int] = []
    ties: list[int] = []

    def unproven():
        return UNPROVEN, np.array(selected, np.int64), len(selected), np.array(ties, np.int64), len(ties), lo, hi

    while True:
        order = sorted((j for j in range(m) if not gone[j]), key=lambda j: bound[j][0] / bound[j][1])
        best = -1
        best_lo = best_hi = None
        tied: list[int] = []
        for j in order:
            if best >= 0 and _less(best_hi, bound[j]):
                continue  # surely dearer than the best (the order is by floats: each one is looked at)
            low = _rho(levels[j], hi, cost[j], total_sat[j])  # rich budgets: the lowest rho possible
            if low is None:
                gone[j] = True
                continue
            high = _rho(levels[j], lo, cost[j], total_sat[j])
            if high is None:
                return unproven()
            if _less(bound[j], low):
                bound[j] = low
            if best < 0 or _less(high, best_lo):
                best, best_lo, best_hi, tied = j, low, high, []
            elif _less(best_hi, low):
                continue
            elif _same(low, high) and _same(best_lo, best_hi) and _same(low, best_lo):
                if rank[j] < rank[best]:
                    tied.append(best)
                    best, best_lo, best_hi = j, low, high
                else:
                    tied.append(j)
            else:
                return unproven()
        if best < 0:
            break
        if tied:
            ties.extend([len(selected), len(tied) + 1, best, *tied])
        for u, groups, _ in levels[best]:  # the poor pay all they have, the others rho * u
            most = min(-(-best_hi[0] * u // best_hi[1]), cap)
            least = min(best_lo[0] * u // best_lo[1], cap)
            lo[groups] = np.maximum(0, lo[groups] - most)
            hi[groups] = np.maximum(0, hi[groups] - least)
        gone[best] = True
        selected.append(best)
    return PROVEN, np.array(selected, np.int64), len(selected), np.array(ties, np.int64), len(ties), lo, hi


def _same(a: tuple, b: tuple) -> bool:
    return a[0] * b[1] == b[0] * a[1]


def _less(a: tuple, b: tuple) -> bool:
    return a[0] * b[1] < b[0] * a[1]


def search(supporting: list[np.ndarray], satisfaction: list[np.ndarray], group_weight: np.ndarray,
           candidates: list[str], costs: dict, budget, key) -> Search | None:
    """The count in whole units (`satisfaction`: the points each of a candidate's groups gave it), or None when
    a cost, the budget or some points are not whole numbers."""
    if not isinstance(budget, int) or not candidates or not all(isinstance(costs[p], int) for p in candidates):
        return None
    if any(not np.issubdtype(sats.dtype, np.integer) for sats in satisfaction):
        return None
    weight = group_weight.astype(np.int64)
    levels, total_sat = [], []
    for groups, sats in zip(supporting, satisfaction, strict=True):
        split = [(int(u), groups[sats == u], weight[groups[sats == u]]) for u in np.unique(sats).tolist()]
        levels.append(split)
        total_sat.append(sum(u * int(w.sum()) for u, _, w in split))
    rank = ranks(candidates, key)
    pptr = np.cumsum([0] + [len(groups) for groups in supporting], dtype=np.int64)
    arrays = (pptr, np.concatenate(supporting).astype(np.int64), weight, levels, total_sat,
              np.array(rank, dtype=np.int64))
    return Search(list(candidates), rank, [costs[p] for p in candidates], int(weight.sum()), budget, arrays,
                  vectorised_cardinal)
