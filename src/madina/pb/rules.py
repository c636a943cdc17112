"""One entry point for every rule, and the mapping from a file's META `rule` to a count that reproduces it."""

from __future__ import annotations

from madina.pb.exact import parse_number
from madina.pb.greedy import greedy
from madina.pb.maxwelfare import max_welfare
from madina.pb.mes import mes
from madina.pb.model import Election
from madina.pb.outcome import Outcome
from madina.pb.phragmen import phragmen

RULES = ("greedy", "greedy-no-skip", "mes", "phragmen", "max-welfare", "from-file")


class UnknownPublishedRule(ValueError):
    """The file's META `rule` is not one Madina can reproduce (greedy-custom, unknown, ...)."""


def count(election: Election, rule: str, *, utility: str = "cost", completion: str = "none",
          comparison: bool = False, tie_break: str = "lexico", min_score=None, progress=None) -> Outcome:
    if rule == "greedy":
        return greedy(election, utility=utility, tie_break=tie_break, min_score=min_score)
    if rule == "greedy-no-skip":
        return greedy(election, utility=utility, tie_break=tie_break, min_score=min_score, skip=False)
    if rule == "mes":
        return mes(election, utility=utility, tie_break=tie_break, completion=completion, comparison=comparison,
                   progress=progress)
    if rule == "phragmen":
        return phragmen(election, tie_break=tie_break)
    if rule == "max-welfare":
        return max_welfare(election, utility=utility, tie_break=tie_break)
    if rule == "from-file":
        return from_file(election, tie_break=tie_break, progress=progress)
    raise ValueError(f"unknown rule {rule!r}")


def from_file(election: Election, *, tie_break: str = "lowest-cost", progress=None) -> Outcome:
    """Count with the rule the organisers declared in META `rule`.

    Greedy rules rank by the vote count (approvals, or total points), as organisers publish it;
    `greedy-threshold` uses META `min_project_score_threshold`; `equalshares/add1` is MES with cost
    satisfaction and pabutools' Add1; `equalshares/add1-comparison` keeps raising the per-voter budget while
    the outcome still fits (as Wieliczka did) and then compares with greedy. Organisers break ties by lowest
    cost (equalshares.net; Łódź 2022 Zdrowie-Mania needs it), hence that default.
    """
    published = election.meta.get("rule", "").strip()
    scores = election.scores
    if published in ("greedy", "greedy-threshold", "greedy-no-skip"):
        threshold = None
        if published == "greedy-threshold":
            raw = election.meta.get("min_project_score_threshold")
            if raw is None:
                raise UnknownPublishedRule("greedy-threshold without min_project_score_threshold in META")
            threshold = parse_number(raw)
        outcome = greedy(election, ranking=scores, tie_break=tie_break, skip=published != "greedy-no-skip",
                         min_score=threshold)
    elif published == "equalshares":
        outcome = mes(election, tie_break=tie_break, progress=progress)
    elif published == "equalshares/add1":
        outcome = mes(election, tie_break=tie_break, completion="add1", progress=progress)
    elif published == "equalshares/add1-comparison":
        outcome = mes(election, tie_break=tie_break, completion="add1-max", comparison=True, progress=progress)
    else:
        raise UnknownPublishedRule(f"cannot reproduce the published rule {published or '(none)'!r}")
    outcome.details["published_rule"] = published
    return outcome


def published_outcome(election: Election) -> set[str] | None:
    """The projects the file marks as selected by the rule (`selected` = 1), or None when it has no
    `selected` column. Other marks (Gdynia's 2: extra projects funded outside the budget) are not the rule's."""
    marks = [(p.id, p.fields.get("selected", "").strip()) for p in election.projects]
    if any(not mark or mark.lower() == "none" for _, mark in marks):
        return None
    return {pid for pid, mark in marks if mark == "1"}
