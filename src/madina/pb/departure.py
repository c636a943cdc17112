"""Where a published outcome leaves the rule: the first point at which the organisers' list of funded projects
cannot come from any order the rule allows (ties may be taken in any order), said in words for `verify`."""

from __future__ import annotations

from itertools import groupby

from madina.pb.exact import format_number, parse_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome


def first_departure(election: Election, outcome: Outcome, published: set[str]) -> str:
    """The first decision of the rule that no tie-break can bring to the published list."""
    if outcome.rule.startswith("greedy") and "+" not in outcome.rule:
        return _greedy(election, outcome, published)
    return _rounds(outcome, published)


def _greedy(election: Election, outcome: Outcome, published: set[str]) -> str:
    """Greedy goes down the vote count; projects with equal counts may come in any order. Within such a group
    the published choice is possible when its projects fit together and every other one of the group then
    does not fit (with skip), or when nothing after the first that did not fit is funded (no skip)."""
    by_id = election.project_by_id
    scores = election.scores
    threshold = outcome.details.get("min_score")
    threshold = None if threshold is None else parse_number(threshold)
    left = election.budget
    stopped = None
    ordered = sorted(by_id, key=lambda pid: -scores[pid])
    for rank, (score, group) in enumerate(groupby(ordered, key=scores.__getitem__), start=1):
        members = list(group)
        taken = [pid for pid in members if pid in published]
        others = [pid for pid in members if pid not in published]
        where = f"at {format_number(score)} votes (rank {rank}: {', '.join(members)})"
        if threshold is not None and score < threshold:
            if taken:
                return f"{where}: {', '.join(taken)} published though below the threshold {format_number(threshold)}"
            continue
        if stopped is not None:
            if taken:
                return f"{where}: {', '.join(taken)} published after the count stopped at {stopped}"
            continue
        cost = sum(by_id[pid].cost for pid in taken)
        if cost > left:
            return (f"{where}: published {', '.join(taken)} cost {format_number(cost)}, "
                    f"only {format_number(left)} left")
        left -= cost
        fitting = [pid for pid in others if by_id[pid].cost <= left]
        too_dear = [pid for pid in others if by_id[pid].cost > left]
        no_skip = outcome.rule == "greedy-no-skip"
        if fitting and (not no_skip or not too_dear):  # without skip, one that does not fit may stop the count
            return (f"{where}: {', '.join(fitting)} not published though it fits "
                    f"({format_number(left)} left after the published ones)")
        if no_skip and too_dear:
            stopped = too_dear[0]
    return "no single step: the published list is one of the rule's orders"  # pragma: no cover - then it matches


def _rounds(outcome: Outcome, published: set[str]) -> str:
    """MES and Phragmén: the first round whose winner, and every project tied with it, is not published; or the
    end of the count while the published list has more."""
    ties = {tie.step: tie.candidates for tie in outcome.ties}
    for number, pid in enumerate(outcome.selected, start=1):
        if pid in published:
            continue
        candidates = ties.get(f"round {number}", (pid,))
        if any(c in published for c in candidates):
            tied = ", ".join(c for c in candidates if c in published)
            return (f"round {number}: tie between {', '.join(candidates)}; the rule took {pid}, the published "
                    f"list has {tied} (the rounds after it were not followed)")
        return f"round {number}: the rule buys {pid}, which the published list does not fund"
    missing = sorted(published - set(outcome.selected))
    return (f"after round {len(outcome.selected)}: the rule buys nothing more; the published list also funds "
            f"{', '.join(missing)}")
