"""Fixtures for budgeting: Gabès (from participation's fixtures), a process in its vote phase and a budget of
100 000 TND with four projects on the ballot, a census list, people in each role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from madina.budgeting import services
from madina.budgeting.models import BudgetProject
from madina.core.permissions import OPERATOR
from madina.participation import services as participation_services
from madina.participation.phases import PhaseKind
from tests.participation.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    _fast_hashing_and_immediate_tasks,
    fresh,
    gabes,
    make_user,
    open_process,
    people,
    sector,
    sfax,
)

# (title, cost in TND)
PROJECTS = [
    ("Abris ombragés aux arrêts de bus", 40_000),
    ("Jardins partagés de l'oasis", 30_000),
    ("Capteurs de qualité de l'eau", 50_000),
    ("Éclairage solaire de la corniche", 20_000),
]
CENSUS = ["08123456", "08234567", "08345678", "08456789", "08567890"]
BORN = "1985-06-01"  # every resident of the test list; the budgets check the birth date (the default)


def census_csv(identifiers=CENSUS, born=BORN) -> bytes:
    return ("cin;naissance\n" + "".join(f"{i};{born}\n" for i in identifiers)).encode()


def vote_phase_process(municipality, slug="gabes-budget"):
    return open_process(municipality, PhaseKind.BUDGET_VOTE, slug=slug)


def close_vote(budget):
    """Move the vote phase into the past, followed by a running results phase."""
    now = timezone.now()
    process = budget.process
    process.phases.all().delete()
    participation_services.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(days=10), now - timedelta(hours=1))
    participation_services.add_phase(process, OPERATOR, PhaseKind.RESULTS, now - timedelta(hours=1), now + timedelta(days=30))
    return fresh_budget(budget)


def fresh_budget(budget):
    from madina.budgeting import queries

    return queries.budget_for_staff(budget.pk)


def make_budget(process, staff, *, projects=PROJECTS, **options):
    options.setdefault("amount_tnd", 100_000)
    options.setdefault("max_projects", 3)
    budget = services.create_budget(process, staff, title="Budget participatif de Gabès 2025", **options)
    for position, (title, cost) in enumerate(projects):
        BudgetProject.objects.create(budget=budget, title=title, cost_tnd=cost, position=position)
    services.upload_census(budget, staff, census_csv())
    return fresh_budget(budget)


@pytest.fixture
def budget(gabes, people):  # noqa: F811 (fixtures imported above)
    return make_budget(vote_phase_process(gabes), people["municipal_staff"])


def ids(budget, *titles):
    by_title = {p.title: p.pk for p in budget.projects.all()}
    return [by_title[t] for t in titles]


def eligible(budget, user, identifier):
    services.claim_census_entry(budget, user, identifier, BORN)
    return user
