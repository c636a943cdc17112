"""Budgeting API: read a budget, its projects and its results; see and cast one's own ballot.

Reads are public. Writes take a personal API token (`Authorization: Bearer …`) or the browser session with the
CSRF token in `X-CSRFToken`, and the
same services as the pages, and the API's one error schema (core.api): 403 when the vote is not open or the person
is not on the census list, 422 when the ballot breaks the budget's rules (nothing is stored then), 409 when an
identifier is already claimed. Results never name a voter.
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from madina.accounts.tokens import API_AUTH
from madina.core import ratelimit
from madina.core.api import WRITE, responses
from madina.core.errors import NotFound

from . import queries, services
from . import rules as r
from .models import Budget

router = Router(tags=["budgeting"])


class BudgetProjectOut(Schema):
    id: int
    title: str
    summary: str
    cost_tnd: int
    catalogue_project: int | None
    proposal: int | None
    vote_count: int | None
    is_selected: bool


class BudgetOut(Schema):
    id: int
    title: str
    process: str
    municipality: str
    amount_tnd: int
    min_projects: int
    max_projects: int | None
    rule: str
    eligibility: str
    census_check: str
    ballot_count: int
    vote_open: bool
    results_published: bool
    projects: list[BudgetProjectOut]
    url: str


class RoundOut(Schema):
    project: str
    price_per_supporter: float
    supporters: int


class ResultsOut(Schema):
    rule: str
    budget: float
    cost: float
    selected: list[int]
    rounds: list[RoundOut]
    not_selected: dict[str, str]
    ballot_count: int
    pabulib_url: str


class BallotIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"projects": [1, 2]}]})

    projects: list[int]


class BallotOut(Schema):
    projects: list[int]
    total_tnd: int
    ballot_count: int


class IdentifierIn(Schema):
    """The identifier and the fact the budget checks with it (its `census_check`): `birth_date` or
    `postal_code`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"identifier": "07123456", "birth_date": "1990-05-17"}]})

    identifier: str = Field(max_length=40)
    birth_date: date | None = None
    postal_code: str | None = Field(None, max_length=10)

    def fact(self) -> str:
        return self.birth_date.isoformat() if self.birth_date else (self.postal_code or "")




def _out(budget: Budget) -> dict:
    """`budget.projects` comes prefetched in a list of budgets (queries.budgets_with_projects)."""
    counted = budget.is_counted
    return {
        "id": budget.pk, "title": budget.title, "process": budget.process.slug,
        "municipality": budget.process.municipality.slug, "amount_tnd": budget.amount_tnd,
        "min_projects": budget.min_projects, "max_projects": budget.max_projects, "rule": budget.rule,
        "eligibility": budget.eligibility, "census_check": budget.census_check, "ballot_count": budget.ballot_count, "vote_open": r.vote_is_open(budget),
        "results_published": counted, "url": budget.get_absolute_url(),
        # Per-project votes exist only once the count is published.
        "projects": [
            {"id": p.pk, "title": p.title, "summary": p.summary, "cost_tnd": p.cost_tnd,
             "catalogue_project": p.project_id, "proposal": p.proposal_id,
             "vote_count": p.vote_count if counted else None, "is_selected": p.is_selected and counted}
            for p in budget.projects.all()
        ],
    }


@router.get("/budgets", response=responses({200: list[BudgetOut]}), summary="Participatory budgets")
def list_budgets(request):
    return [_out(b) for b in queries.budgets_with_projects()]


@router.get("/budgets/{pk}", response=responses({200: BudgetOut}, 404), summary="One budget with its projects")
def get_budget(request, pk: int):
    return _out(queries.budget(pk))


@router.get(
    "/budgets/{pk}/results", response=responses({200: ResultsOut}, 404), summary="Results of a counted budget"
)
def get_results(request, pk: int):
    budget = queries.budget(pk)
    if not budget.is_counted:
        raise NotFound(_("Les résultats de ce budget ne sont pas encore publiés."))
    outcome = budget.outcome
    return {
        "rule": outcome["rule"], "budget": outcome["budget"], "cost": outcome["cost"],
        "selected": [int(pid) for pid in outcome["selected"]],
        "rounds": [{"project": r["project"], "price_per_supporter": r["price_per_supporter"],
                    "supporters": r["supporters"]} for r in outcome.get("rounds", [])],
        "not_selected": outcome.get("not_selected", {}), "ballot_count": budget.ballot_count,
        "pabulib_url": f"{budget.get_absolute_url()}resultats.pb",
    }


def _ballot_out(budget: Budget, choices: list[int]) -> dict:
    costs = dict(budget.projects.filter(pk__in=choices).values_list("pk", "cost_tnd"))
    return {"projects": choices, "total_tnd": sum(costs.values()), "ballot_count": budget.ballot_count}


@router.get("/budgets/{pk}/ballot", response=responses({200: BallotOut}, 401, 404), auth=API_AUTH,
            summary="My ballot (session)")
def get_my_ballot(request, pk: int):
    budget = queries.budget(pk)
    ballot = services.my_ballot(budget, request.auth)
    if ballot is None:
        raise NotFound(_("Vous n'avez pas voté pour ce budget."))
    return _ballot_out(budget, ballot.choices)


@router.put("/budgets/{pk}/ballot", response=responses({200: BallotOut}, *WRITE), auth=API_AUTH,
            summary="Cast or change my ballot (session + CSRF)")
def cast_ballot(request, pk: int, data: BallotIn):
    budget = queries.budget_to_vote(pk)
    ballot = services.cast_ballot(budget, request.auth, data.projects)
    return _ballot_out(budget, ballot.choices)


@router.post("/budgets/{pk}/eligibility", response=responses({204: None}, *WRITE, 429), auth=API_AUTH,
             summary="Prove I am on the census list with my identifier and birth date or postal code (session + CSRF)")
def claim(request, pk: int, data: IdentifierIn):
    services.claim_census_entry(queries.budget(pk), request.auth, data.identifier, data.fact(),
                                address=ratelimit.visitor(request))
    return Status(204, None)
