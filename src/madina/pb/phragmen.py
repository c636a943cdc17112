"""Sequential Phragmén, as pabutools' `sequential_phragmen`: voters earn money continuously; the first
project whose supporters can pay for it is bought, loads are balanced; the count stops as soon as the next
project to buy would not fit the budget. Every listed project counts as approved (points are ignored).

Fast and exact. Identical ballots are one group with a weight, and when a project is bought all its supporters
get the same load, so loads take one new value per round: a project's supporters are counted per load in an
integer matrix (loads x projects) that numpy updates when groups move. Each round, floats (the matrix times the
loads rounded) find the few projects within a relative 1e-9 of the lowest price, far wider than the floats'
error (all terms are positive: at most a few hundred roundings of 1e-16); only those are priced exactly
(the standard library's fractions, whose denominators grow with every round: a few dozen sums per round, so
loading gmpy2 would cost more than it saves), and the exact prices decide, ties included."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from madina.pb.exact import format_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Tie
from madina.pb.ties import tie_key

INFINITY = float("inf")
MARGIN = 1e-9  # relative: projects whose float price is within it of the lowest are priced exactly


def phragmen(election: Election, *, tie_break: str = "lexico") -> Outcome:
    budget = election.budget
    by_id = election.project_by_id
    ids = list(by_id)
    position = {pid: i for i, pid in enumerate(ids)}
    key = tie_key(election, tie_break)
    groups = election.approval_groups()
    sizes = np.array([len(listed) for _, listed in groups], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    weight = np.array([w for w, _ in groups], dtype=np.int64)
    flat_group = np.repeat(np.arange(len(groups), dtype=np.int64), sizes)
    flat_project = np.array([position[pid] for _, listed in groups for pid in listed], dtype=np.int64)
    flat_weight = weight[flat_group]
    order = np.argsort(flat_project, kind="stable")
    starts = np.searchsorted(flat_project[order], np.arange(len(ids) + 1))
    supporting = [flat_group[order[starts[i]:starts[i + 1]]] for i in range(len(ids))]
    score = np.zeros(len(ids), dtype=np.int64)
    np.add.at(score, flat_project, flat_weight)
    costs = [by_id[pid].cost for pid in ids]
    cost_f = np.array([float(c) for c in costs])
    loads = [Fraction(0)]  # the distinct loads, one more per round
    voters = np.zeros((1, len(ids)), dtype=np.int64)  # voters[l, p]: supporters of p whose load is loads[l]
    voters[0] = score
    load_class = np.zeros(len(groups), dtype=np.int64)  # each group's load, as an index into `loads`
    remaining = np.array([c <= budget for c in costs])
    reasons = {pid: f"costs more than the budget ({format_number(by_id[pid].cost)})"
               for pid, fits in zip(ids, remaining.tolist(), strict=True) if not fits}
    supported = score > 0
    selected: list[str] = []
    ties: list[Tie] = []
    spent = 0
    while remaining.any():
        live = remaining & supported
        if live.any():
            price_f = (np.array([float(x) for x in loads]) @ voters + cost_f) / np.maximum(score, 1)
            lowest = price_f[live].min()
            near = np.flatnonzero(live & (price_f <= lowest * (1 + MARGIN)))
            exact = {j: (sum(int(n) * loads[row] for row, n in enumerate(voters[:, j].tolist()) if n) + costs[j])
                     / Fraction(int(score[j])) for j in near.tolist()}
            best = min(exact.values())
            tied = [ids[j] for j, value in exact.items() if value == best]
        else:  # nobody supports what is left: all equally good
            best = INFINITY
            tied = [ids[j] for j in np.flatnonzero(remaining).tolist()]
        if any(spent + by_id[pid].cost > budget for pid in tied):
            for j in np.flatnonzero(remaining).tolist():
                reasons[ids[j]] = "the count stopped: the next project to buy did not fit the budget"
            break
        tied.sort(key=key)
        chosen = tied[0]
        if len(tied) > 1:
            ties.append(Tie(f"round {len(selected) + 1}", tuple(tied), chosen, tie_break))
        if best != INFINITY:
            voters = _move(supporting[position[chosen]], load_class, voters, offsets, flat_project, flat_weight)
            loads.append(best)
        remaining[position[chosen]] = False
        selected.append(chosen)
        spent += by_id[chosen].cost
    return Outcome("phragmen", selected, spent, budget, ties, reasons=reasons,
                   details={"tie_break": tie_break})


def _move(payers, load_class, voters, offsets, flat_project, flat_weight):
    """The supporters `payers` (groups) of the project bought take the new load (the next row): every project
    on their ballots moves those voters from their old load's row to the new one."""
    counts = offsets[payers + 1] - offsets[payers]
    at = np.repeat(offsets[payers] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    new = len(voters)
    voters = np.concatenate([voters, np.zeros((1, voters.shape[1]), dtype=np.int64)])
    projects = flat_project[at]
    moved = flat_weight[at]
    np.subtract.at(voters, (np.repeat(load_class[payers], counts), projects), moved)
    np.add.at(voters, (np.full(len(at), new), projects), moved)
    load_class[payers] = new
    return voters
