import pytest

from madina.budgeting import services
from madina.budgeting.demo import COSTS, DEMO_IDENTIFIERS, load_demo_budget
from madina.budgeting.models import Budget, CensusEntry
from madina.participation.demo import load_demo_process
from madina.territory.models import Municipality


@pytest.mark.django_db
def test_demo_budget_is_idempotent_and_its_census_works(gabes, people):
    Municipality.objects.filter(pk=gabes.pk).update(slug="gabes")
    assert load_demo_budget() is None  # no demo process yet
    load_demo_process()
    budget = load_demo_budget()
    assert load_demo_budget().pk == budget.pk and Budget.objects.count() == 1
    assert sorted(budget.projects.values_list("cost_tnd", flat=True)) == sorted(cost for cost, _ar, _en in COSTS.values())
    assert budget.census_size == CensusEntry.objects.count() == len(DEMO_IDENTIFIERS)
    assert services.claim_census_entry(budget, people["citizen"], DEMO_IDENTIFIERS[0], "09/03/1990").user == people["citizen"]
