"""MES's voters as data a count can move quickly: identical ballots counted once with a weight, one column per
(project, satisfaction) pair, and the voters of each budget class per column in an integer matrix, so that paying
for a project moves whole groups between classes with a few array operations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from madina.pb.exact import Q
from madina.pb.model import Election


@dataclass
class Prepared:
    groups: list[tuple[int, dict[str, object]]]
    n: int
    costs: dict[str, object]
    candidates: list[str]  # supported projects with a positive cost
    free: list[str]  # supported projects of cost 0: taken first, as pabutools does
    group_weight: np.ndarray  # voters per group
    uniform: dict[str, bool]  # whether all supporters of a project get the same satisfaction from it
    initial: dict[str, object]  # project -> its lowest possible price per unit of satisfaction
    columns: dict[str, list[tuple[int, object]]]  # project -> [(column, satisfaction)], by satisfaction
    column_project: list[str]
    column_voters: np.ndarray  # voters per column
    group_columns: tuple[np.ndarray, np.ndarray]  # each group's columns: offsets into the second array
    paying: dict[str, tuple[np.ndarray, np.ndarray]]  # project -> (supporting groups, index of their satisfaction)


def prepare(election: Election, utility: str) -> Prepared:
    """The voter groups as flat arrays of (group, project, satisfaction), then one column per (project,
    satisfaction) pair: numpy does the per-supporter work, Python only the per-column work."""
    groups = election.voter_groups(utility)
    costs = {p.id: p.cost for p in election.projects}
    ids = list(costs)
    position = {pid: i for i, pid in enumerate(ids)}
    group_weight = np.array([w for w, _ in groups], dtype=np.int64)
    flat_group = np.repeat(np.arange(len(groups), dtype=np.int64), [len(sats) for _, sats in groups])
    flat_project = np.array([position[pid] for _, sats in groups for pid in sats], dtype=np.int64)
    flat_sat = [u for _, sats in groups for u in sats.values()]
    levels = sorted(set(flat_sat))  # satisfaction values, numbered in increasing order
    level = {u: i for i, u in enumerate(levels)}
    flat_level = np.array([level[u] for u in flat_sat], dtype=np.int64)
    labels, column_of = np.unique(flat_project * len(levels) + flat_level, return_inverse=True)
    column_voters = np.zeros(len(labels), dtype=np.int64)
    np.add.at(column_voters, column_of, group_weight[flat_group])
    supported = {int(label) // max(len(levels), 1) for label in labels}
    candidates = [pid for i, pid in enumerate(ids) if i in supported and costs[pid] > 0]
    free = [pid for i, pid in enumerate(ids) if i in supported and costs[pid] == 0]
    columns: dict[str, list[tuple[int, object]]] = defaultdict(list)
    total_sat: dict[str, object] = defaultdict(int)
    for col, label in enumerate(labels.tolist()):
        pid, u = ids[label // len(levels)], levels[label % len(levels)]
        columns[pid].append((col, u))
        total_sat[pid] += int(column_voters[col]) * u
    # Only candidates get columns: renumber theirs from 0.
    wanted = np.zeros(len(ids), dtype=bool)
    wanted[[position[pid] for pid in candidates]] = True
    keep = wanted[labels // max(len(levels), 1)]
    renumber = np.cumsum(keep) - 1
    column_project = [ids[label // len(levels)] for label in labels[keep].tolist()]
    columns = {pid: [(int(renumber[col]), u) for col, u in columns[pid]] for pid in candidates}
    mine = keep[column_of]  # the flat arrays are in group order
    offsets = np.concatenate([[0], np.cumsum(np.bincount(flat_group[mine], minlength=len(groups)))])
    group_columns = (offsets, renumber[column_of[mine]])
    order = np.argsort(flat_project, kind="stable")
    starts = np.searchsorted(flat_project[order], np.arange(len(ids) + 1))
    paying = {}
    for pid in candidates:
        i = position[pid]
        rows = order[starts[i]:starts[i + 1]]
        first = columns[pid][0][0]
        paying[pid] = (flat_group[rows], renumber[column_of[rows]] - first)
    initial = {pid: Q(costs[pid]) / total_sat[pid] for pid in candidates}
    uniform = {pid: len(columns[pid]) == 1 for pid in candidates}
    return Prepared(groups, int(group_weight.sum()), costs, candidates, free, group_weight, uniform, initial,
                     columns, column_project, column_voters[keep], group_columns, paying)



def move(prep: Prepared, best: str, moves: dict, gcls, totals, known: dict, cache: dict) -> None:
    """Move the groups that paid for `best` to their new budget classes, in `gcls` and in the per-class
    column totals, and forget the prices and entries of every project whose supporters moved."""
    groups, sat_index = prep.paying[best]
    sats = [u for _, u in prep.columns[best]]
    old = gcls[groups]
    labels = old * len(sats) + sat_index
    unique, inverse = np.unique(labels, return_inverse=True)
    target = np.array([moves[(int(label) // len(sats), sats[int(label) % len(sats)])] for label in unique],
                      dtype=np.int64)
    new = target[inverse]
    moving = new != old
    if not moving.any():
        return
    gcls[groups] = new
    rows = groups[moving]
    offsets, group_columns = prep.group_columns
    counts = offsets[rows + 1] - offsets[rows]
    at = np.repeat(offsets[rows] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    cols = group_columns[at]
    voters = np.repeat(prep.group_weight[rows], counts)
    np.subtract.at(totals, (np.repeat(old[moving], counts), cols), voters)
    np.add.at(totals, (np.repeat(new[moving], counts), cols), voters)
    for col in np.unique(cols).tolist():
        pid = prep.column_project[col]
        known.pop(pid, None)
        cache.pop(pid, None)
