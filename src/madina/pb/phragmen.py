"""Sequential Phragmén, as pabutools' `sequential_phragmen`: voters earn money continuously; the first
project whose supporters can pay for it is bought, loads are balanced; the count stops as soon as the next
project to buy would not fit the budget. Every listed project counts as approved (points are ignored).

Fast and exact. Identical ballots are one group with a weight, and when a project is bought all its supporters
get the same load, so loads take one new value per round: a project's supporters are counted per load (loads x
projects), compiled in C where a compiler was found at installation (`_phragmen.c`, decision 0008), else in a
numpy matrix. Each round, floats (the counts times the loads rounded) find the few projects within a relative
1e-9 of the lowest price, far wider than the floats' error (all terms are positive: at most a few hundred
roundings of 1e-16); only those are priced exactly (the standard library's fractions, whose denominators grow
with every round: a few dozen sums per round, so loading gmpy2 would cost more than it saves), and the exact
prices decide, ties included."""

from __future__ import annotations

from fractions import Fraction

from madina.pb.exact import format_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Tie
from madina.pb.ties import tie_key

try:
    from madina.pb import _phragmen
except ImportError:  # pragma: no cover - built where a C compiler was found at installation (setup.py)
    _phragmen = None

INFINITY = float("inf")
MARGIN = 1e-9  # relative: projects whose float price is within it of the lowest are priced exactly


def phragmen(election: Election, *, tie_break: str = "lexico") -> Outcome:
    budget = election.budget
    by_id = election.project_by_id
    ids = list(by_id)
    position = {pid: i for i, pid in enumerate(ids)}
    key = tie_key(election, tie_break)
    counts = _Compiled(election, position) if _phragmen is not None else _Matrix(election, position)
    score = counts.score
    costs = [by_id[pid].cost for pid in ids]
    cost_f = [float(c) for c in costs]
    loads = [Fraction(0)]  # the distinct loads, one more per round
    loads_f = [0.0]
    remaining = [c <= budget for c in costs]
    reasons = {pid: f"costs more than the budget ({format_number(by_id[pid].cost)})"
               for pid, fits in zip(ids, remaining, strict=True) if not fits}
    selected: list[str] = []
    ties: list[Tie] = []
    spent = 0
    while any(remaining):
        live = [fits and supporters > 0 for fits, supporters in zip(remaining, score, strict=True)]
        if any(live):
            near = counts.near(loads_f, cost_f, live)
            exact = {j: (sum(n * loads[row] for row, n in counts.column(j)) + costs[j]) / Fraction(score[j])
                     for j in near}
            best = min(exact.values())
            tied = [ids[j] for j, value in exact.items() if value == best]
        else:  # nobody supports what is left: all equally good
            best = INFINITY
            tied = [ids[j] for j, fits in enumerate(remaining) if fits]
        if any(spent + by_id[pid].cost > budget for pid in tied):
            for j, fits in enumerate(remaining):
                if fits:
                    reasons[ids[j]] = "the count stopped: the next project to buy did not fit the budget"
            break
        tied.sort(key=key)
        chosen = tied[0]
        if len(tied) > 1:
            ties.append(Tie(f"round {len(selected) + 1}", tuple(tied), chosen, tie_break))
        if best != INFINITY:
            counts.move(position[chosen])
            loads.append(best)
            loads_f.append(float(best))
        remaining[position[chosen]] = False
        selected.append(chosen)
        spent += by_id[chosen].cost
    return Outcome("phragmen", selected, spent, budget, ties, reasons=reasons,
                   details={"tie_break": tie_break})


class _Compiled:
    """The supporters of each project per load, in C (`_phragmen`)."""

    def __init__(self, election: Election, position: dict[str, int]):
        self.loads, self.score = _phragmen.prepare(election.listed, position)

    def near(self, loads_f: list[float], cost_f: list[float], live: list[bool]) -> list[int]:
        return _phragmen.near(self.loads, loads_f, cost_f, live, MARGIN)

    def column(self, j: int) -> list[tuple[int, int]]:
        return _phragmen.column(self.loads, j)

    def move(self, j: int) -> None:
        _phragmen.move(self.loads, j)


class _Matrix:
    """The same with numpy, where no C compiler built `_phragmen`: voters[l, p] supporters of p whose load is the
    l-th, updated when groups move."""

    def __init__(self, election: Election, position: dict[str, int]):
        import numpy as np

        self.np = np
        groups = election.approval_groups()
        sizes = np.array([len(listed) for _, listed in groups], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        weight = np.array([w for w, _ in groups], dtype=np.int64)
        flat_group = np.repeat(np.arange(len(groups), dtype=np.int64), sizes)
        self.flat_project = np.array([position[pid] for _, listed in groups for pid in listed], dtype=np.int64)
        self.flat_weight = weight[flat_group]
        order = np.argsort(self.flat_project, kind="stable")
        starts = np.searchsorted(self.flat_project[order], np.arange(len(position) + 1))
        self.supporting = [flat_group[order[starts[i]:starts[i + 1]]] for i in range(len(position))]
        score = np.zeros(len(position), dtype=np.int64)
        np.add.at(score, self.flat_project, self.flat_weight)
        self.voters = score.reshape(1, -1).copy()
        self.load_class = np.zeros(len(groups), dtype=np.int64)  # each group's load, as an index into the loads
        self.score = score.tolist()
        self.divisor = np.maximum(score, 1)

    def near(self, loads_f: list[float], cost_f: list[float], live: list[bool]) -> list[int]:
        np = self.np
        price_f = (np.array(loads_f) @ self.voters + np.array(cost_f)) / self.divisor
        live = np.array(live)
        lowest = price_f[live].min()
        return np.flatnonzero(live & (price_f <= lowest * (1 + MARGIN))).tolist()

    def column(self, j: int) -> list[tuple[int, int]]:
        return [(row, n) for row, n in enumerate(self.voters[:, j].tolist()) if n]

    def move(self, j: int) -> None:
        """The supporters of project j take the new load (the next row): every project on their ballots moves
        those voters from their old load's row to the new one."""
        np = self.np
        payers = self.supporting[j]
        counts = self.offsets[payers + 1] - self.offsets[payers]
        at = np.repeat(self.offsets[payers] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        new = len(self.voters)
        self.voters = np.concatenate([self.voters, np.zeros((1, self.voters.shape[1]), dtype=np.int64)])
        projects = self.flat_project[at]
        moved = self.flat_weight[at]
        np.subtract.at(self.voters, (np.repeat(self.load_class[payers], counts), projects), moved)
        np.add.at(self.voters, (np.full(len(at), new), projects), moved)
        self.load_class[payers] = new
