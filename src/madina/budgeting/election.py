"""From stored ballots to a madina.pb Election, a count, a Pabulib file and the words of the results page.

The Election is anonymous by construction: voter ids are 1..n in a shuffled order, ballots are shuffled too, and
nothing else from a ballot row (its id, link, channel or dates) goes in.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from madina.pb import pabulib
from madina.pb.model import Ballot as PbBallot
from madina.pb.model import Election
from madina.pb.model import Project as PbProject
from madina.pb.outcome import Outcome
from madina.pb.rules import count

from .models import Ballot, Budget, BudgetProject, CountRule

# The META `rule` a Pabulib reader expects for each of our rules (Pabulib has no name for Phragmén: madina.pb's
# from-file reads "phragmen").
PUBLISHED_RULE = {
    CountRule.MES_ADD1: "equalshares/add1",
    CountRule.MES: "equalshares",
    CountRule.GREEDY: "greedy",
    CountRule.PHRAGMEN: "phragmen",
}
TIE_BREAK = "lowest-cost"  # what organisers publish (equalshares.net), and easy to say in plain words


def build_election(budget: Budget, projects: list[BudgetProject], *, with_results: bool = False) -> Election:
    """The budget's stored ballots (one query, their choices only) as an Election."""
    choices = list(Ballot.objects.filter(budget=budget).values_list("choices", flat=True))
    random.SystemRandom().shuffle(choices)
    ballots = tuple(
        PbBallot(str(n), tuple(str(pid) for pid in sorted(chosen))) for n, chosen in enumerate(choices, start=1)
    )
    supporters = Counter(pid for ballot in ballots for pid in ballot.projects)
    columns = ["project_id", "cost", "name", "votes"]
    if with_results:
        columns.append("selected")
    pb_projects = []
    for project in projects:
        fields = {"name": project.title_fr or project.title, "votes": str(supporters[str(project.pk)])}
        if with_results:
            fields["selected"] = "1" if project.is_selected else "0"
        pb_projects.append(PbProject(str(project.pk), project.cost_tnd, fields))
    process = budget.process
    meta = {
        "description": budget.title_fr or budget.title,
        "country": "Tunisia",
        "unit": process.municipality.name_fr or process.municipality.name,
        "instance": process.slug,
        "num_projects": str(len(pb_projects)),
        "num_votes": str(len(ballots)),
        "budget": str(budget.amount_tnd),
        "vote_type": "approval",
        "rule": PUBLISHED_RULE[budget.rule],
        "tie_break": TIE_BREAK,  # with `rule`, all `madina pb tally FILE --rule from-file` needs to recount it
        "min_length": str(budget.min_projects),
    }
    if budget.max_projects is not None:
        meta["max_length"] = str(budget.max_projects)
    return Election(meta, tuple(pb_projects), ballots, tuple(columns), ("voter_id", "vote"))


def run(election: Election, rule: str) -> Outcome:
    if rule == CountRule.MES_ADD1:
        return count(election, "mes", completion="add1", tie_break=TIE_BREAK)
    return count(election, str(rule), tie_break=TIE_BREAK)


def pabulib_text(election: Election) -> str:
    return pabulib.dumps(election)


# Plain words for the results page ------------------------------------------------------------------------------


@dataclass
class Step:
    number: int
    project: BudgetProject
    kind: str  # "round" (MES: bought with the supporters' shares), "free", "order" (greedy, Phragmén)
    left_after: int
    price: float | None = None
    supporters: int = 0
    paying_everything: int = 0


@dataclass
class NotChosen:
    project: BudgetProject
    reason: str  # "no_vote", "too_expensive" (more than what was left), "shares_spent" (MES), "count_stopped"
    left: int


def explain(outcome: dict, projects: list[BudgetProject]) -> tuple[list[Step], list[NotChosen]]:
    """The rounds of the stored outcome in the order the projects were chosen, and why each other one was not."""
    by_id = {str(p.pk): p for p in projects}
    rounds = {r["project"]: r for r in outcome.get("rounds", [])}
    left = round(outcome["budget"])
    steps = []
    for number, pid in enumerate(outcome["selected"], start=1):
        project = by_id[pid]
        left -= project.cost_tnd
        detail = rounds.get(pid)
        if detail is not None:
            steps.append(Step(number, project, "round", left, price=detail["price_per_supporter"],
                              supporters=detail["supporters"],
                              paying_everything=detail["supporters_paying_all_they_had"]))
        else:
            steps.append(Step(number, project, "free" if project.cost_tnd == 0 else "order", left))
    chosen = set(outcome["selected"])
    not_chosen = []
    for project in projects:
        if str(project.pk) in chosen:
            continue
        if not project.vote_count:
            reason = "no_vote"
        elif project.cost_tnd > left:
            reason = "too_expensive"
        elif outcome["rule"].startswith("phragmen"):
            reason = "count_stopped"
        else:
            reason = "shares_spent"
        not_chosen.append(NotChosen(project, reason, left))
    return steps, not_chosen
