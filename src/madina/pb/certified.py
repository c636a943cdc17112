"""MES counts in 64-bit integers with proven decisions, for the Add1 search where no C compiler built the same
counts (`equal_shares`, decision 0008) at installation.

pabutools' Add1 completion counts MES again and again, with one more unit of money per voter each time, until
the outcome is exhaustive: 142 counts on Warszawa 2020 Białołęka, of which only the last is kept. Those counts
run here compiled (numba), and none of them guesses:

- a voter group's budget is an interval [lo, hi] of integers, in units of 1/(n*S) of the currency, that surely
  holds its exact value; it starts exact (the initial budget is a whole number of units) and paying a price
  bracketed by [p_lo, p_hi] keeps it so: max(0, lo - p_hi) <= exact <= max(0, hi - p_lo);
- a project's price per supporter is bracketed by the exact price over the upper budgets, rounded down, and
  the exact price over the lower budgets, rounded up (a lower budget can only raise the price);
- a project wins a round only when its price per unit of satisfaction is surely the lowest, or when equal
  prices are proven with integers (projects nobody is too poor for: cost / (supporters * satisfaction)) and
  it comes first in the tie-break order.

Every comparison is between integers (products up to 128 bits, done in two words). When one cannot be proven
the count stops and says so, and the exact count (`mes._run`, fractions) decides it instead. The outcome kept
by the completion is always counted again exactly, so its rounds, ties and explanations are the exact ones.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from madina.pb import integer_count
from madina.pb.integer_count import GONE, PROVEN, UNPROVEN, Search  # noqa: F401 - Search: the tests patch it here

_M32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)


def _compiled(**options):
    """numba's njit, keeping the machine code in numba's cache (the package's __pycache__, else the user's cache
    directory, else NUMBA_CACHE_DIR); where none is writable (a read-only installation without a home),
    compiled again in each process instead of failing."""

    def decorate(function):
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:  # numba: "cannot cache function ...: no locator available"
            return njit(**options)(function)

    return decorate


@_compiled(inline="always")
def _mul128(a, b):
    """The 128-bit product of two non-negative int64, as (high word, low word)."""
    a = np.uint64(a)
    b = np.uint64(b)
    al, ah, bl, bh = a & _M32, a >> _S32, b & _M32, b >> _S32
    ll, lh, hl, hh = al * bl, al * bh, ah * bl, ah * bh
    mid = (ll >> _S32) + (lh & _M32) + (hl & _M32)
    return hh + (lh >> _S32) + (hl >> _S32) + (mid >> _S32), (ll & _M32) | (mid << _S32)


@_compiled(inline="always")
def _compare(a, b, c, d):
    """The sign of a*b - c*d, exactly, for non-negative int64."""
    h1, l1 = _mul128(a, b)
    h2, l2 = _mul128(c, d)
    if h1 != h2:
        return 1 if h1 > h2 else -1
    if l1 != l2:
        return 1 if l1 > l2 else -1
    return 0


@_compiled()
def _ceil_muldiv(a, b, d, cap):
    """ceil(a*b/d), or `cap` when that is larger, for non-negative int64 a, b and positive d."""
    hi, lo = _mul128(a, b)
    dd = np.uint64(d)
    if hi >= dd:
        return cap
    q = _ZERO
    r = hi
    for i in range(63, -1, -1):  # schoolbook division of the two words by d; r < d < 2**63 never overflows
        r = (r << _ONE) | ((lo >> np.uint64(i)) & _ONE)
        q = q << _ONE
        if r >= dd:
            r -= dd
            q |= _ONE
    if r > _ZERO:
        q += _ONE
    if q >= np.uint64(cap):
        return cap
    return np.int64(q)


@_compiled()
def _bracket(lo, hi, weight, pptr, pgrp, j, cost, supporters):
    """Project j's price per supporter, bracketed: (status, p_lo, p_hi, exact).

    A price p makes `cost` affordable when supporters with less than p pay all they have and the others p:
    p = (cost - what the poor have) / (the others), found by raising p from cost / supporters until the poor
    stop changing. Done over the upper budgets (rounded down: p_lo) and the lower ones (rounded up: p_hi) in
    the same passes. `exact` when nobody was poor: the price is then exactly cost / supporters. The status
    says whether the project is affordable (PROVEN), surely not (GONE), or cannot be told (UNPROVEN)."""
    num_h, den_h, poor_h = cost, supporters, 0
    num_l, den_l, poor_l = cost, supporters, 0
    done_h = done_l = False
    first = True
    exact = False
    while not (done_h and done_l):
        below_h = (num_h + den_h - 1) // den_h  # an integer budget is below num/den iff it is below this
        below_l = (num_l + den_l - 1) // den_l
        paid_h = weight_h = paid_l = weight_l = total_h = total_l = 0
        for q in range(pptr[j], pptr[j + 1]):
            g = pgrp[q]
            w = weight[g]
            h = hi[g]
            low = lo[g]
            total_h += w * h
            total_l += w * low
            if h < below_h:
                paid_h += w * h
                weight_h += w
            if low < below_l:
                paid_l += w * low
                weight_l += w
        if first:
            if total_h < cost:
                return GONE, 0, 0, False
            if total_l < cost:
                return UNPROVEN, 0, 0, False
            exact = weight_l == 0
            first = False
        if weight_h == poor_h:  # the poor only grow as the price rises: same weight, same voters
            done_h = True
        else:
            poor_h, num_h, den_h = weight_h, cost - paid_h, supporters - weight_h
        if weight_l == poor_l:
            done_l = True
        else:
            poor_l, num_l, den_l = weight_l, cost - paid_l, supporters - weight_l
    return PROVEN, num_h // den_h, (num_l + den_l - 1) // den_l, exact


@_compiled()
def _count(pptr, pgrp, weight, cost, supporters, sat, exact_num, exact_den, rank, start, slack):
    """One MES count: (PROVEN or UNPROVEN, the projects bought in order, how many, the ties, their length, and
    each voter group's budget left as [lo, hi]).

    Every voter group starts with `start` units, its lower bound `slack` units below (0 but in tests). The ties
    are runs of [round, size, winner, the others tied with it]."""
    m = cost.shape[0]
    groups = weight.shape[0]
    lo = np.full(groups, start - slack, np.int64)
    hi = np.full(groups, start, np.int64)
    cap = start + 1  # a price above every budget: nobody could pay their share
    gone = cost < 0  # bought, or surely unaffordable (budgets only fall: for the rest of the count)
    p_lo = np.zeros(m, np.int64)
    p_hi = np.zeros(m, np.int64)
    exact = np.zeros(m, np.bool_)
    bound = np.zeros(m, np.int64)  # a lower bound of the price per supporter, true until the end of the count
    order = np.empty(m, np.int64)
    left = 0
    for j in range(m):
        if not gone[j]:
            bound[j] = cost[j] // supporters[j]
            order[left] = j
            left += 1
    selected = np.empty(m, np.int64)
    bought = 0
    tied = np.empty(m, np.int64)  # this round: the projects whose price equals the best's, proven exactly
    ties = np.empty(4 * m, np.int64)
    filled = 0
    while left:
        for a in range(1, left):  # by lower bound per unit of satisfaction; nearly sorted from the last round
            x = order[a]
            b = a - 1
            while b >= 0 and _compare(bound[x], sat[order[b]], bound[order[b]], sat[x]) < 0:
                order[b + 1] = order[b]
                b -= 1
            order[b + 1] = x
        best = -1
        n_tied = 0
        for idx in range(left):
            j = order[idx]
            if best >= 0 and _compare(bound[j], sat[best], p_hi[best], sat[j]) > 0:
                break  # this one and all after it surely cost more per unit than the best
            if best >= 0:  # can its supporters pay at the best's highest possible price? One pass says no
                t = _ceil_muldiv(p_hi[best], sat[j], sat[best], cap)
                paid = 0
                rich = 0
                for q in range(pptr[j], pptr[j + 1]):
                    g = pgrp[q]
                    if hi[g] < t:
                        paid += weight[g] * hi[g]
                    else:
                        rich += weight[g]
                if paid + t * rich < cost[j]:  # surely dearer, now and for the rest of the count
                    if rich == 0:
                        gone[j] = True
                    else:
                        floor = (cost[j] - paid) // rich
                        if floor > bound[j]:
                            bound[j] = floor
                    continue
            status, p_lo[j], p_hi[j], exact[j] = _bracket(lo, hi, weight, pptr, pgrp, j, cost[j], supporters[j])
            if status == GONE:
                gone[j] = True
                continue
            if status == UNPROVEN:
                return UNPROVEN, selected, bought, ties, filled, lo, hi
            if p_lo[j] > bound[j]:
                bound[j] = p_lo[j]
            if best < 0 or _compare(p_hi[j], sat[best], p_lo[best], sat[j]) < 0:
                best = j
                n_tied = 0
            elif _compare(p_lo[j], sat[best], p_hi[best], sat[j]) > 0:
                continue
            elif exact[j] and exact[best]:
                sign = _compare(exact_num[j], exact_den[best], exact_num[best], exact_den[j])
                if sign < 0:
                    best = j
                    n_tied = 0
                elif sign == 0:
                    if rank[j] < rank[best]:
                        tied[n_tied] = best
                        best = j
                    else:
                        tied[n_tied] = j
                    n_tied += 1
            else:
                return UNPROVEN, selected, bought, ties, filled, lo, hi
        if best < 0:
            break
        if n_tied:
            if filled + n_tied + 3 > ties.shape[0]:
                grown = np.empty(2 * ties.shape[0] + n_tied + 3, np.int64)
                grown[:filled] = ties[:filled]
                ties = grown
            ties[filled] = bought
            ties[filled + 1] = n_tied + 1
            ties[filled + 2] = best
            ties[filled + 3:filled + 3 + n_tied] = tied[:n_tied]
            filled += n_tied + 3
        for q in range(pptr[best], pptr[best + 1]):  # the poor pay all they have, the others the price
            g = pgrp[q]
            if hi[g] == 0:
                continue
            lo[g] = max(0, lo[g] - p_hi[best])
            hi[g] = max(0, hi[g] - p_lo[best])
        gone[best] = True
        selected[bought] = best
        bought += 1
        kept = 0
        for idx in range(left):
            if not gone[order[idx]]:
                order[kept] = order[idx]
                kept += 1
        left = kept
    return PROVEN, selected, bought, ties, filled, lo, hi


def search(supporting, group_weight, candidates: list[str], costs: dict, budget, utility: str, key):
    """`integer_count.search`, its counts compiled."""
    return integer_count.search(supporting, group_weight, candidates, costs, budget, utility, key, kernel=_count)
