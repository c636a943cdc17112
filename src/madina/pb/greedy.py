"""Greedy utilitarian welfare: projects by satisfaction per unit of cost, as pabutools'
`greedy_utilitarian_welfare` with an additive satisfaction; also the "stop at the first project that does not
fit" variant (greedy-no-skip) and a minimum vote threshold (greedy-threshold)."""

from __future__ import annotations

from itertools import groupby

from madina.pb.exact import format_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Tie
from madina.pb.ties import tie_key


def welfare_density(election: Election, utility: str) -> dict[str, object]:
    """Total satisfaction / cost for each project (a supported project of cost 0 comes first, an unsupported
    one last), exact. With cost satisfaction it is the number of supporters: cost * supporters / cost."""
    supporters = election.supporters
    density = {}
    for pid, project in election.project_by_id.items():
        cost = project.cost
        if utility == "cost":
            total = supporters[pid] * cost
        elif utility == "approval":
            total = supporters[pid]
        else:
            total = election.scores[pid] if election.vote_type in ("cumulative", "scoring") else supporters[pid]
        if total <= 0:
            density[pid] = 0
        elif cost == 0:
            density[pid] = float("inf")  # a free project anyone wants is always taken first
        elif utility == "cost":
            density[pid] = supporters[pid]
        else:
            from fractions import Fraction  # only here: greedy by votes starts without it

            density[pid] = Fraction(total) / cost
    return density


def greedy(
    election: Election,
    *,
    utility: str = "cost",
    tie_break: str = "lexico",
    skip: bool = True,
    min_score=None,
    ranking: dict[str, object] | None = None,
    budget=None,
    exclude: tuple[str, ...] = (),
) -> Outcome:
    """Take projects from the best `ranking` (default: welfare density for `utility`) while they fit.

    `skip=False` stops at the first project that does not fit. Projects whose vote count is below
    `min_score` are not eligible. `budget` and `exclude` let a completion run greedy on what is left.
    """
    by_id = election.project_by_id
    limit = election.budget if budget is None else budget
    score = ranking if ranking is not None else welfare_density(election, utility)
    key = tie_key(election, tie_break)
    reasons: dict[str, str] = {}
    eligible = []
    for pid in by_id:
        if pid in exclude:
            continue
        if min_score is not None and election.scores[pid] < min_score:
            reasons[pid] = f"below the threshold: {format_number(election.scores[pid])} < {format_number(min_score)}"
        else:
            eligible.append(pid)
    ordered = sorted(eligible, key=lambda pid: (-score[pid], key(pid)))
    selected: list[str] = []
    ties: list[Tie] = []
    remaining = limit
    stopped = False
    for value, group in groupby(ordered, key=lambda pid: score[pid]):
        members = list(group)
        fitting = [pid for pid in members if by_id[pid].cost <= remaining]
        if not stopped and len(members) > 1 and fitting and sum(by_id[p].cost for p in members) > remaining:
            ties.append(Tie(f"score {value}", tuple(members), fitting[0], tie_break))
        for pid in members:
            cost = by_id[pid].cost
            if stopped:
                reasons[pid] = "the count stopped at the first project that did not fit"
            elif cost <= remaining:
                selected.append(pid)
                remaining -= cost
            else:
                reasons[pid] = (f"does not fit: costs {format_number(cost)}, "
                                f"{format_number(remaining)} left")
                if not skip:
                    stopped = True
    rule = "greedy" if skip else "greedy-no-skip"
    return Outcome(rule, selected, limit - remaining, limit, ties, reasons=reasons,
                   details={"utility": utility, "tie_break": tie_break,
                            "min_score": None if min_score is None else str(min_score)})


def complete_with_greedy(election: Election, outcome: Outcome, tie_break: str) -> Outcome:
    rest = greedy(election, utility="cost", tie_break=tie_break, budget=outcome.budget - outcome.cost,
                  exclude=tuple(outcome.selected))
    for pid in rest.selected:
        outcome.reasons.pop(pid, None)
    outcome.selected = outcome.selected + rest.selected
    outcome.cost += rest.cost
    outcome.ties += rest.ties
    outcome.details["greedy_completion"] = rest.selected
    return outcome


def compare_with_greedy(election: Election, outcome: Outcome, tie_break: str) -> Outcome:
    """equalshares.net's comparison step: if more voters prefer the greedy outcome (more money spent on the
    projects they voted for) than prefer MES's, greedy's outcome is used."""
    other = greedy(election, utility="cost", tie_break=tie_break)
    mine, theirs = set(outcome.selected), set(other.selected)
    costs = {p.id: p.cost for p in election.projects}
    prefer_mes = prefer_greedy = 0
    lists = election.lists
    weighted = lists.items() if lists is not None else ((ballot.projects, 1) for ballot in election.ballots)
    for projects, weight in weighted:
        listed = set(projects)
        a = sum(costs[p] for p in listed & mine)
        b = sum(costs[p] for p in listed & theirs)
        prefer_mes += weight * (a > b)
        prefer_greedy += weight * (b > a)
    outcome.details["comparison"] = {"prefer_mes": prefer_mes, "prefer_greedy": prefer_greedy}
    if prefer_greedy > prefer_mes:
        other.details.update(outcome.details)
        other.rule = outcome.rule + "+comparison(greedy)"
        return other
    return outcome
