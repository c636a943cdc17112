"""A lower bound on the total cost of any plan: the Lagrangian spanning-forest bound (Held and Karp's 1-tree
bound, for several teams).

Any plan is at most K paths covering every stop; with a zero-cost depot joined to both ends of each path, every
stop has degree 2. Dropping that degree rule leaves "a spanning forest of c <= K trees plus 2c depot edges",
whose cheapest member is a minimum spanning tree less its c-1 heaviest edges. Node penalties (subgradient
ascent) move that relaxation toward degree 2 and raise the bound. Costs are made symmetric by taking the cheaper
direction, which keeps the bound valid.
"""

from __future__ import annotations

import math
import time

import numpy as np


def _prim(w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(w)
    in_tree = np.zeros(n, dtype=bool)
    in_tree[0] = True
    dist = w[0].copy()
    dist[0] = np.inf
    parent = np.zeros(n, dtype=np.int64)
    heads, tails, weights = np.empty(n - 1, np.int64), np.empty(n - 1, np.int64), np.empty(n - 1)
    for e in range(n - 1):
        j = int(np.argmin(dist))
        heads[e], tails[e], weights[e] = j, parent[j], dist[j]
        in_tree[j] = True
        dist[j] = np.inf
        row = w[j]
        better = (row < dist) & ~in_tree
        dist[better] = row[better]
        parent[better] = j
    return heads, tails, weights


def forest_bound(cost: np.ndarray, nodes: list[int], teams: int, ends: tuple[int, ...] = (), used: int = 1,
                 upper: int | None = None, seconds: float = 1.0, iterations: int = 300) -> int:
    """A lower bound on the cost of `teams` paths covering `nodes` (indices into `cost`).

    `ends`: the nodes that must end a path (fixed start and end stops, each its own depot edge); `used`: how
    many paths at least are not empty (teams with a fixed start or end).
    """
    n = len(nodes)
    if n <= 1:
        return 0
    position = {k: i for i, k in enumerate(nodes)}
    fixed = np.array([position[k] for k in ends], dtype=np.int64)
    # each node may take two depot edges, a fixed end only one more
    slots = np.concatenate([np.arange(n), np.setdiff1d(np.arange(n), fixed)])
    sub = cost[np.ix_(nodes, nodes)].astype(float)
    sym = np.minimum(sub, sub.T)
    np.fill_diagonal(sym, np.inf)
    pi = np.zeros(n)
    best, lam, stale = -math.inf, 2.0, 0
    deadline = time.perf_counter() + seconds
    kmax = min(teams, n)
    kmin = max(1, used, (len(fixed) + 1) // 2)
    for _ in range(iterations):
        heads, tails, weights = _prim(sym + pi[:, None] + pi[None, :])
        by_weight = np.argsort(weights)[::-1]
        order = np.argsort(pi[slots], kind="stable")
        free = slots[order]
        pis = pi[free]
        base = weights.sum() + pi[fixed].sum()
        values = [base - weights[by_weight[: c - 1]].sum() + pis[: 2 * c - len(fixed)].sum()
                  for c in range(kmin, kmax + 1)]
        c = int(np.argmin(values)) + kmin
        value = values[c - kmin] - 2 * pi.sum()
        if value > best + 1e-9:
            best, stale = value, 0
        else:
            stale += 1
            if stale >= 10:
                lam, stale = lam / 2, 0
        kept = by_weight[c - 1 :]
        degree = np.bincount(heads[kept], minlength=n) + np.bincount(tails[kept], minlength=n)
        degree += np.bincount(free[: 2 * c - len(fixed)], minlength=n) + np.bincount(fixed, minlength=n)
        g = degree - 2
        norm = float(g @ g)
        if norm == 0 or lam < 1e-4 or time.perf_counter() > deadline:
            break
        target = upper if upper is not None and upper > value else value * 1.05 + 1
        pi += lam * (target - value) / norm * g
    return max(0, math.ceil(best - 1e-6))
