"""Sequential Phragmén, as pabutools' `sequential_phragmen`: voters earn money continuously; the first
project whose supporters can pay for it is bought, loads are balanced; the count stops as soon as the next
project to buy would not fit the budget. Every listed project counts as approved (points are ignored)."""

from __future__ import annotations

from madina.pb.exact import Q, format_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Tie
from madina.pb.ties import tie_key

INFINITY = float("inf")


def phragmen(election: Election, *, tie_break: str = "lexico") -> Outcome:
    budget = election.budget
    by_id = election.project_by_id
    key = tie_key(election, tie_break)
    groups = election.voter_groups("approval")
    supporters: dict[str, list[int]] = {pid: [] for pid in by_id}
    for index, (_, sats) in enumerate(groups):
        for pid in sats:
            supporters[pid].append(index)
    score = {pid: sum(groups[g][0] for g in supporters[pid]) for pid in by_id}
    load = [Q(0)] * len(groups)
    load_sum = dict.fromkeys(by_id, Q(0))  # total load of each project's supporters
    remaining = {pid for pid, p in by_id.items() if p.cost <= budget}
    reasons = {pid: f"costs more than the budget ({format_number(by_id[pid].cost)})"
               for pid in by_id if pid not in remaining}
    selected: list[str] = []
    ties: list[Tie] = []
    spent = 0
    while remaining:
        best = None
        tied: list[str] = []
        for pid in remaining:
            value = INFINITY if score[pid] == 0 else (load_sum[pid] + by_id[pid].cost) / score[pid]
            if best is None or value < best:
                best, tied = value, [pid]
            elif value == best:
                tied.append(pid)
        if any(spent + by_id[pid].cost > budget for pid in tied):
            for pid in remaining:
                reasons[pid] = "the count stopped: the next project to buy did not fit the budget"
            break
        tied.sort(key=key)
        chosen = tied[0]
        if len(tied) > 1:
            ties.append(Tie(f"round {len(selected) + 1}", tuple(tied), chosen, tie_break))
        if best != INFINITY:
            for g in supporters[chosen]:
                weight, sats = groups[g]
                delta = best - load[g]
                load[g] = best
                for pid in sats:
                    load_sum[pid] += weight * delta
        remaining.discard(chosen)
        selected.append(chosen)
        spent += by_id[chosen].cost
    return Outcome("phragmen", selected, spent, budget, ties, reasons=reasons,
                   details={"tie_break": tie_break})
