"""The integer form of an MES count with proven decisions (see `certified` for the proofs), and the same count
with numpy alone, for a single count in a new process where no C compiler built `equal_shares`' counts.

`certified` compiles the count with numba: about 0.3 s to load, then a millisecond per count, which is what
Add1's hundred counts need. One plain MES count does not pay that: here the per-voter-group work of each step
(sums over a project's supporters, paying) is done by numpy over arrays and the few decisions of each round by
Python's integers, which are exact at any size, so it needs neither numba nor the 128-bit products. Both
versions make the same decisions in the same order: same outcome, same ties, same brackets of the budgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from madina.pb.equal_shares import LIMIT, ranks, unflatten_ties, units
from madina.pb.exact import Q
from madina.pb.outcome import Tie

PROVEN, UNPROVEN, GONE = 0, 1, 2


def _bracket(lo, hi, w, cost: int, supporters: int):
    """`certified._bracket` over one project's supporters (their budgets `lo`, `hi` and weights `w`)."""
    wh, wl = w * hi, w * lo
    if int(wh.sum()) < cost:
        return GONE, 0, 0, False
    if int(wl.sum()) < cost:
        return UNPROVEN, 0, 0, False
    bounds = []
    exact = False
    for budgets, paying in ((hi, wh), (lo, wl)):
        num, den, poor = cost, supporters, 0
        while True:
            below = budgets < -(-num // den)  # an integer budget is below num/den iff it is below its ceiling
            weight = int(w[below].sum())
            if budgets is lo and not poor:
                exact = weight == 0
            if weight == poor:  # the poor only grow as the price rises: same weight, same voters
                break
            poor, num, den = weight, cost - int(paying[below].sum()), supporters - weight
        bounds.append((num, den))
    (num_h, den_h), (num_l, den_l) = bounds
    return PROVEN, num_h // den_h, -(-num_l // den_l), exact


def vectorised(pptr, pgrp, weight, cost, supporters, sat, exact_num, exact_den, rank, start, slack):
    """`certified._count`, the same decisions in the same order, with numpy for the work over voter groups."""
    m = len(cost)
    lo = np.full(len(weight), start - slack, np.int64)
    hi = np.full(len(weight), start, np.int64)
    cap = start + 1
    cost, supporters, sat = cost.tolist(), supporters.tolist(), sat.tolist()
    exact_num, exact_den, rank = exact_num.tolist(), exact_den.tolist(), rank.tolist()
    members = [pgrp[pptr[j]:pptr[j + 1]] for j in range(m)]
    weights = [weight[groups] for groups in members]
    gone = [c < 0 for c in cost]
    p_lo, p_hi, exact = [0] * m, [0] * m, [False] * m
    bound = [0 if gone[j] else cost[j] // supporters[j] for j in range(m)]
    order = [j for j in range(m) if not gone[j]]
    selected: list[int] = []
    ties: list[int] = []
    while order:
        order.sort(key=lambda j: Q(bound[j], sat[j]))
        best = -1
        tied: list[int] = []
        for j in order:
            if best >= 0 and bound[j] * sat[best] > p_hi[best] * sat[j]:
                break  # this one and all after it surely cost more per unit than the best
            groups = members[j]
            if best >= 0:  # can its supporters pay at the best's highest possible price? One pass says no
                share = min(cap, -(-p_hi[best] * sat[j] // sat[best]))
                h = hi[groups]
                poor = h < share
                paid = int((weights[j] * h)[poor].sum())
                rich = supporters[j] - int(weights[j][poor].sum())
                if paid + share * rich < cost[j]:  # surely dearer, now and for the rest of the count
                    if rich == 0:
                        gone[j] = True
                    else:
                        bound[j] = max(bound[j], (cost[j] - paid) // rich)
                    continue
            status, p_lo[j], p_hi[j], exact[j] = _bracket(lo[groups], hi[groups], weights[j], cost[j],
                                                          supporters[j])
            if status == GONE:
                gone[j] = True
                continue
            if status == UNPROVEN:
                return UNPROVEN, np.array(selected, np.int64), len(selected), np.array(ties, np.int64), len(ties), lo, hi
            bound[j] = max(bound[j], p_lo[j])
            if best < 0 or p_hi[j] * sat[best] < p_lo[best] * sat[j]:
                best, tied = j, []
            elif p_lo[j] * sat[best] > p_hi[best] * sat[j]:
                continue
            elif exact[j] and exact[best]:
                sign = exact_num[j] * exact_den[best] - exact_num[best] * exact_den[j]
                if sign < 0:
                    best, tied = j, []
                elif sign == 0:
                    if rank[j] < rank[best]:
                        tied.append(best)
                        best = j
                    else:
                        tied.append(j)
            else:
                return UNPROVEN, np.array(selected, np.int64), len(selected), np.array(ties, np.int64), len(ties), lo, hi
        if best < 0:
            break
        if tied:
            ties.extend([len(selected), len(tied) + 1, best, *tied])
        groups = members[best]
        groups = groups[hi[groups] > 0]  # the poor pay all they have, the others the price
        lo[groups] = np.maximum(0, lo[groups] - p_hi[best])
        hi[groups] = np.maximum(0, hi[groups] - p_lo[best])
        gone[best] = True
        selected.append(best)
        order = [j for j in order if not gone[j]]
    return PROVEN, np.array(selected, np.int64), len(selected), np.array(ties, np.int64), len(ties), lo, hi


@dataclass
class Search:
    """An election's projects and voter groups as arrays, ready for counts at any per-voter budget."""

    candidates: list[str]
    rank: list[int]  # place in the tie-break order
    costs: list[int]
    voters: int
    budget: int
    arrays: tuple
    kernel: object  # the count: `certified._count` (compiled) or `vectorised` (numpy, no numba to load)
    left: tuple | None = None  # after a proven count: each voter group's budget in [lo, hi] units, the unit

    def leftovers(self, projects: list[str]) -> dict[str, tuple]:
        """What the supporters of each of `projects` (candidates) had left after the last proven count, as
        exact bounds (low, high) in the currency: sums of each group's bracket, so the exact amount is between."""
        lo, hi, unit = self.left
        pptr, pgrp, weight = self.arrays[:3]
        index = {pid: j for j, pid in enumerate(self.candidates)}
        found = {}
        for pid in projects:
            j = index[pid]
            groups = pgrp[pptr[j]:pptr[j + 1]]
            w = weight[groups]
            found[pid] = (int((w * lo[groups]).sum()), int((w * hi[groups]).sum()), unit)
        return found

    def count(self, step: int, blur: int = 0) -> tuple[list[str], list[Tie]] | None:
        """The projects MES buys with a per-voter budget of budget / voters + step, in order, and the ties
        it broke, or None when a decision could not be proven. The unit is the finest that keeps every sum of
        budgets in 64 bits; `blur` (tests) pretends the initial budgets are known only to 1/blur of their value,
        which leaves close decisions unproven."""
        total = self.budget + step * self.voters  # all voters' money, in the currency
        money = units(total, self.voters)
        if money is None:  # no money: the exact count says what that buys
            return None
        unit, start = money
        cost = np.array([c * unit if c <= total else -1 for c in self.costs], dtype=np.int64)
        status, order, bought, flat, filled, lo, hi = self.kernel(*self.arrays[:3], cost, *self.arrays[3:], start,
                                                                  start // blur if blur else 0)
        if status != PROVEN:
            return None
        self.left = (lo, hi, unit)
        ties = unflatten_ties(flat[:filled].tolist(), self.candidates, self.rank)
        return [self.candidates[j] for j in order[:bought].tolist()], ties


def search(supporting: list[np.ndarray], group_weight: np.ndarray, candidates: list[str], costs: dict, budget,
           utility: str, key, kernel=None) -> Search | None:
    """The integer form of a count (`supporting`: each candidate's voter groups), or None when it does not
    apply: cardinal satisfaction (supporters of a project may value it differently), or a cost or budget that
    is not a whole number."""
    if utility not in ("cost", "approval") or not isinstance(budget, int) or not candidates:
        return None
    if not all(isinstance(costs[p], int) for p in candidates):
        return None
    pptr = np.cumsum([0] + [len(groups) for groups in supporting], dtype=np.int64)
    pgrp = np.concatenate(supporting).astype(np.int64)
    supporters = [int(group_weight[groups].sum()) for groups in supporting]
    sat = [costs[p] if utility == "cost" else 1 for p in candidates]
    exact = [Q(costs[p], supporters[j] * sat[j]) for j, p in enumerate(candidates)]  # the price per unit
    # of satisfaction when nobody is too poor, divided by the money unit (the same for every project)
    if max(max(int(e.numerator), int(e.denominator)) for e in exact) >= LIMIT or max(sat) >= LIMIT:
        return None
    rank = ranks(candidates, key)
    arrays = (pptr, pgrp, group_weight.astype(np.int64), np.array(supporters, dtype=np.int64),
              np.array(sat, dtype=np.int64), np.array([int(e.numerator) for e in exact], dtype=np.int64),
              np.array([int(e.denominator) for e in exact], dtype=np.int64), np.array(rank, dtype=np.int64))
    return Search(list(candidates), rank, [costs[p] for p in candidates], int(group_weight.sum()), budget, arrays,
                  kernel or vectorised)
