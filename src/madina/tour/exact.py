"""Exact orders for one team: Held-Karp dynamic programming over subsets, then the paths in order of cost.

`HeldKarp` computes, for every subset of the middle stops and every last stop, the cheapest path from the start
covering that subset (numpy, one popcount layer at a time). Since that table is the exact cost of the best
completion, a best-first search backwards from the end enumerates complete paths in nondecreasing cost, cheapest
first; the first whose exact day split exists is the optimal feasible order, and when the search stops early the
cost at the head of its queue is a proven lower bound for every order not yet examined.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator

import numpy as np

INF = 10**8
INF16 = 16000  # two of them still add up within int16
MAX_MIDDLE = 20


def _popcount(values: np.ndarray) -> np.ndarray:
    counts = np.zeros(values.shape, dtype=np.int64)
    v = values.copy()
    while v.any():
        counts += v & 1
        v >>= 1
    return counts


class HeldKarp:
    """Paths over `nodes` (indices into `cost`) from `start` to `end` (None: free), cheapest first."""

    def __init__(self, cost: np.ndarray, nodes: list[int], start: int | None, end: int | None):
        self.start, self.end = start, end
        self.middle = [k for k in nodes if k not in (start, end)]
        m = len(self.middle)
        if m > MAX_MIDDLE:
            raise ValueError(f"Held-Karp is for at most {MAX_MIDDLE} middle stops, got {m}")
        sub = np.minimum(cost[np.ix_(self.middle, self.middle)], INF).astype(np.int64)
        self.c = sub
        self.from_start = (
            np.zeros(m, dtype=np.int64) if start is None else np.minimum(cost[start, self.middle], INF).astype(np.int64)
        )
        self.to_end = (
            np.zeros(m, dtype=np.int64) if end is None else np.minimum(cost[self.middle, end], INF).astype(np.int64)
        )
        self.direct = 0 if start is None or end is None else int(min(cost[start, end], INF))
        self.m = m
        if m == 0:
            return
        # Small sums fit in int16, which halves the memory the table walks through (the cost of this loop).
        finite = np.sort(np.concatenate([sub[sub < INF], self.from_start, self.to_end]))
        small = finite[-(m + 1):].sum() < INF16 if finite.size else True
        dtype, inf = (np.int16, INF16) if small else (np.int32, INF)
        full = 1 << m
        masks = np.arange(full, dtype=np.int32)
        pop = _popcount(masks)
        dp = np.full((m, full), inf, dtype=dtype)  # dp[j, mask]: best path from the start over mask, ending at j
        for j in range(m):
            dp[j, 1 << j] = min(self.from_start[j], inf)
        steps = np.minimum(sub, inf).astype(dtype)
        by_layer = np.argsort(pop, kind="stable").astype(np.int32)
        bounds = np.searchsorted(pop[by_layer], np.arange(m + 2))
        for k in range(2, m + 1):
            layer = by_layer[bounds[k] : bounds[k + 1]]
            for j in range(m):
                sel = layer[(layer >> j) & 1 == 1]
                candidates = dp.take(sel ^ (1 << j), axis=1)
                candidates += steps[:, j, None]
                dp[j, sel] = np.minimum(np.minimum.reduce(candidates, axis=0), inf)
        self.dp, self.inf = dp, inf

    def optimum(self) -> int:
        if self.m == 0:
            return self.direct
        return int(min(INF, self._totals().min()))

    def _totals(self) -> np.ndarray:
        last = self.dp[:, -1].astype(np.int64)
        return np.where(last >= self.inf, INF, last + self.to_end)

    def paths(self) -> Iterator[tuple[int, list[int], int]]:
        """(cost, path, bound) in nondecreasing cost; `bound` is the least cost of any path not yet yielded."""
        m, start, end = self.m, self.start, self.end
        if m == 0:
            nodes = [k for k in (start, end) if k is not None]
            if self.direct < INF:
                yield self.direct, nodes, INF
            return
        full = (1 << m) - 1
        counter = itertools.count()
        heap = []
        totals = self._totals()
        for j in range(m):
            if totals[j] < INF:
                heap.append((int(totals[j]), 0, next(counter), int(self.to_end[j]), full, j, ()))
        heapq.heapify(heap)
        while heap:
            f, depth, _, g, mask, j, suffix = heapq.heappop(heap)
            if mask == 1 << j:
                path = [self.middle[j]] + [self.middle[k] for k in suffix]
                if start is not None:
                    path.insert(0, start)
                if end is not None:
                    path.append(end)
                yield f, path, heap[0][0] if heap else INF
                continue
            rest = mask ^ (1 << j)
            ks = [k for k in range(m) if rest >> k & 1]
            steps = self.c[ks, j]
            best = self.dp[ks, rest].astype(np.int64)
            completions = np.where(best >= self.inf, INF, best + steps + g)
            for k, step, total in zip(ks, steps.tolist(), completions.tolist(), strict=True):
                if total < INF:
                    heapq.heappush(heap, (total, depth - 1, next(counter), g + step, rest, k, (j, *suffix)))
