"""OR-Tools routes (madina.tour.routing): the budgets are only necessary conditions, so a caller's exact test
(`keep`, each team's day split) must decide which of the solutions seen is returned."""

from __future__ import annotations

import itertools

import numpy as np

from madina.tour.routing import solve_routes

N = 12


def _line() -> np.ndarray:
    """Stops on a line, a minute apart: the cheapest open route walks it end to end."""
    return np.abs(np.subtract.outer(np.arange(N), np.arange(N))).astype(np.int64)


def _cost(matrix: np.ndarray, routes: list[list[int]]) -> int:
    return int(sum(matrix[a, b] for r in routes for a, b in itertools.pairwise(r)))


def test_the_last_solution_failing_the_test_gives_way_to_one_seen_that_passes():
    matrix, stops = _line(), list(range(N))
    scrambled = [[0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]]
    budgets = [(None, None, 10**6, 10**6)]
    free = solve_routes(matrix, matrix, [0] * N, stops, budgets, 10**6, 0.5, scrambled)
    assert _cost(matrix, free) == N - 1

    def keep(routes):  # rejects the walk end to end and anything near it
        return _cost(matrix, routes) >= N + 5

    found = solve_routes(matrix, matrix, [0] * N, stops, budgets, 10**6, 0.5, scrambled, keep=keep)
    assert sorted(found[0]) == stops
    assert keep(found)


def test_without_a_solution_passing_the_test_the_last_one_is_returned():
    matrix, stops = _line(), list(range(N))
    found = solve_routes(matrix, matrix, [0] * N, stops, [(None, None, 10**6, 10**6)], 10**6, 0.3,
                         keep=lambda routes: False)
    assert _cost(matrix, found) == N - 1
