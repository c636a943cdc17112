"""Tie-breaking, explicit: which project goes first when a rule finds several equally good ones.

- `lexico`: project ids in string order ("11" before "2"), pabutools' default (`lexico_tie_breaking`).
- `lowest-cost`: the cheapest project, then the one with most votes, then ids in string order (equalshares.net).
"""

from __future__ import annotations

from collections.abc import Callable

from madina.pb.model import Election

TIE_BREAKS = ("lexico", "lowest-cost")


def tie_key(election: Election, tie_break: str) -> Callable[[str], tuple]:
    """A sort key over project ids: the first in this order wins a tie."""
    if tie_break == "lexico":
        return lambda pid: (pid,)
    if tie_break == "lowest-cost":
        by_id = election.project_by_id
        scores = election.scores
        return lambda pid: (by_id[pid].cost, -scores[pid], pid)
    raise ValueError(f"unknown tie-break {tie_break!r} (expected one of {', '.join(TIE_BREAKS)})")
