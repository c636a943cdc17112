"""One entry point for every rule, and the mapping from a file's META `rule` to a count that reproduces it.

Each rule's module is imported when that rule is counted, not before: MES needs numpy (and, where the C counts
were not built, numba for its completions) unless the compiled count answers alone (`equal_shares.quick`),
greedy needs neither, and `madina pb` starts in the time Python itself takes.
"""

from __future__ import annotations

from madina.pb.equal_shares import quick
from madina.pb.exact import parse_number
from madina.pb.greedy import compare_with_greedy, greedy
from madina.pb.model import Election
from madina.pb.outcome import Outcome

RULES = ("greedy", "greedy-no-skip", "mes", "phragmen", "max-welfare", "from-file")
COMPLETIONS = ("none", "add1", "add1-max", "add1u")  # of MES: see madina.pb.mes
# META `rule` values of Pabulib's equal-shares family -> (completion, comparison) that reproduce them
PUBLISHED_MES = {"equalshares": ("none", False), "equalshares/add1": ("add1", False),
                 "equalshares/add1-comparison": ("add1-max", True)}


class UnknownPublishedRule(ValueError):
    """The file's META `rule` is not one Madina can reproduce (greedy-custom, unknown, ...)."""


def count(election: Election, rule: str, *, utility: str = "cost", completion: str = "none",
          comparison: bool = False, tie_break: str = "lexico", min_score=None, progress=None,
          explain: bool = True) -> Outcome:
    """Count `election` with `rule`; `explain=False` spares MES the rounds (the reasons are always given)."""
    if rule == "greedy":
        return greedy(election, utility=utility, tie_break=tie_break, min_score=min_score)
    if rule == "greedy-no-skip":
        return greedy(election, utility=utility, tie_break=tie_break, min_score=min_score, skip=False)
    if rule == "mes":
        if completion == "none" and not explain:  # one count, often in a new process: without numpy if it can
            outcome = quick(election, utility, tie_break)
            if outcome is not None:
                return compare_with_greedy(election, outcome, tie_break) if comparison else outcome
        from madina.pb.mes import mes

        return mes(election, utility=utility, tie_break=tie_break, completion=completion, comparison=comparison,
                   progress=progress, explain=explain)
    if rule == "phragmen":
        from madina.pb.phragmen import phragmen

        return phragmen(election, tie_break=tie_break)
    if rule == "max-welfare":
        from madina.pb.maxwelfare import max_welfare

        return max_welfare(election, utility=utility, tie_break=tie_break)
    if rule == "from-file":
        return from_file(election, tie_break=tie_break, progress=progress)
    raise ValueError(f"unknown rule {rule!r}")


def from_file(election: Election, *, tie_break: str | None = None, progress=None) -> Outcome:
    """Count with the rule the organisers declared in META `rule`.

    Greedy rules rank by the vote count (approvals, or total points), as organisers publish it;
    `greedy-threshold` uses META `min_project_score_threshold`; `equalshares/add1` is MES with cost
    satisfaction and pabutools' Add1; `equalshares/add1-comparison` keeps raising the per-voter budget while
    the outcome still fits (as Wieliczka did) and then compares with greedy; `phragmen` (not a Pabulib name:
    Madina's exports write it) is sequential Phragmén. Ties are broken as META `tie_break` says (Madina's
    exports write it), else by lowest cost, as organisers do (equalshares.net; Łódź 2022 Zdrowie-Mania needs
    it).
    """
    if tie_break is None:
        tie_break = election.meta.get("tie_break", "").strip() or "lowest-cost"
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
    elif published in PUBLISHED_MES:
        from madina.pb.mes import mes

        completion, comparison = PUBLISHED_MES[published]
        outcome = mes(election, tie_break=tie_break, completion=completion, comparison=comparison,
                      progress=progress)
    elif published == "phragmen":
        from madina.pb.phragmen import phragmen

        outcome = phragmen(election, tie_break=tie_break)
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
