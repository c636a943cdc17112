"""Maximum utilitarian welfare: the set of projects within the budget with the greatest total satisfaction,
solved exactly (branch and bound over projects by satisfaction per cost, with the fractional knapsack as
bound). Among several optimal sets, the first in (density, tie-break) order is returned."""

from __future__ import annotations

from madina.pb.exact import Q
from madina.pb.greedy import welfare_density
from madina.pb.model import Election
from madina.pb.outcome import Outcome
from madina.pb.ties import tie_key


def max_welfare(election: Election, *, utility: str = "cost", tie_break: str = "lexico") -> Outcome:
    budget = election.budget
    by_id = election.project_by_id
    key = tie_key(election, tie_break)
    welfare = dict.fromkeys(by_id, 0)
    for weight, sats in election.voter_groups(utility):
        for pid, sat in sats.items():
            welfare[pid] += weight * sat
    free = sorted((pid for pid in by_id if by_id[pid].cost == 0 and welfare[pid] > 0), key=key)
    density = welfare_density(election, utility)
    items = sorted((pid for pid in by_id if by_id[pid].cost > 0 and welfare[pid] > 0 and by_id[pid].cost <= budget),
                   key=lambda pid: (-density[pid], key(pid)))
    costs = [by_id[pid].cost for pid in items]
    values = [welfare[pid] for pid in items]
    n = len(items)
    best_value = -1
    best_set: list[int] = []
    chosen: list[int] = []

    def bound(index: int, room, value):
        for i in range(index, n):
            if costs[i] <= room:
                room -= costs[i]
                value += values[i]
            else:
                return value + Q(values[i]) * room / costs[i]
        return value

    # Iterative depth-first search, taking a project before leaving it out.
    stack = [(0, budget, 0, 0)]  # (index, room, value, depth of `chosen`)
    while stack:
        index, room, value, depth = stack.pop()
        del chosen[depth:]
        if index < 0:  # marker: take item -index-1 then continue
            item = -index - 1
            chosen.append(item)
            index = item + 1
            depth += 1
        if value > best_value:
            best_value, best_set = value, list(chosen)
        if index >= n or bound(index, room, value) <= best_value:
            continue
        stack.append((index + 1, room, value, depth))  # leave it out (explored second)
        if costs[index] <= room:
            stack.append((-index - 1, room - costs[index], value + values[index], depth))
    selected = free + [items[i] for i in best_set]
    chosen_set = set(selected)
    reasons = {pid: "not in the set of greatest total satisfaction" for pid in by_id if pid not in chosen_set}
    return Outcome("max-welfare", selected, sum(by_id[p].cost for p in selected), budget,
                   reasons=reasons, details={"utility": utility, "welfare": str(best_value + sum(welfare[p] for p in free))})
