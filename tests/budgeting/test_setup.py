"""Staff set up a budget in the site: its rules, then the projects on the ballot, until the first ballot."""

from decimal import Decimal

import pytest

from madina.budgeting import services
from madina.budgeting.models import Budget, BudgetProject, Eligibility
from madina.core.errors import Conflict, Invalid
from madina.core.permissions import OPERATOR
from madina.participation import services as participation_services
from madina.participation.phases import PhaseKind
from madina.projects.models import Intervention, Origin, Project
from madina.territory.models import Municipality

from .conftest import CENSUS, eligible, fresh_budget, ids, make_user, open_process, vote_phase_process

ROLES = [
    ("organiser", True),
    ("governorate_staff", True),
    ("other_governorate_staff", False),
    ("municipal_staff", True),
    ("other_municipal_staff", False),
    ("citizen", False),
    ("anonymous", False),
]


@pytest.fixture
def roles(people, gabes, sfax):
    el_hamma = Municipality.objects.create(governorate=gabes.governorate, slug="el-hamma", name="El Hamma")
    return {
        **people,
        "other_governorate_staff": make_user("gouvernorat@sfax.tn", "governorate_staff", governorate=sfax.governorate),
        "other_municipal_staff": make_user("mairie@elhamma.tn", "municipal_staff", municipality=el_hamma),
    }


def login(client, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])


def catalogue_project(municipality, sector, title="Piste cyclable de la corniche", cost="45000.000"):
    return Project.objects.create(
        title=title, municipality=municipality, sector=sector, intervention=Intervention.CITY_WIDE,
        origin=Origin.MUNICIPAL_PLAN, estimated_cost_tnd=Decimal(cost) if cost else None,
    )


SETTINGS = {"title_fr": "Budget de l'oasis", "amount_tnd": "80000", "min_projects": "1", "max_projects": "2",
            "rule": "greedy", "eligibility": Eligibility.ACCOUNT, "census_check": "birth_date"}


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_who_creates_and_edits_a_budget(client, roles, gabes, sector, role, allowed):
    process = vote_phase_process(gabes)
    login(client, roles, role)
    response = client.post(f"/budget/concertation/{process.slug}/preparer/", SETTINGS)
    budget = Budget.objects.filter(process=process).first()
    assert (budget is not None) is allowed
    if not allowed:
        assert response.status_code == (302 if role == "anonymous" else 403)
        budget = services.create_budget(process, roles["municipal_staff"], title="Budget", amount_tnd=10)
    else:
        assert response["Location"] == f"/budget/{budget.pk}/gestion/projets/"
        assert (budget.title_fr, budget.amount_tnd, budget.max_projects, budget.rule) == (
            "Budget de l'oasis", 80_000, 2, "greedy")
    for url in ("gestion/regles/", "gestion/projets/"):
        page = client.get(f"/budget/{budget.pk}/{url}")
        assert page.status_code == (200 if allowed else 302 if role == "anonymous" else 403)
    project = catalogue_project(gabes, sector)
    client.post(f"/budget/{budget.pk}/gestion/projets/catalogue/", {"project": project.pk})
    assert BudgetProject.objects.filter(budget=budget, project=project).exists() is allowed


def test_no_budget_without_a_vote_phase(client, people, gabes):
    process = open_process(gabes, PhaseKind.PROPOSALS, slug="sans-vote")
    client.force_login(people["municipal_staff"])
    response = client.get(f"/budget/concertation/{process.slug}/preparer/")
    assert response["Location"] == f"/participer/concertations/{process.slug}/gestion/"
    with pytest.raises(Invalid, match="vote du budget"):
        services.create_budget(process, people["municipal_staff"], title="x", amount_tnd=10)


def test_setup_redirects_to_the_existing_budget(client, budget, people):
    client.force_login(people["municipal_staff"])
    response = client.get(f"/budget/concertation/{budget.process.slug}/preparer/")
    assert response["Location"] == f"/budget/{budget.pk}/gestion/"


def test_settings_form_keeps_what_was_typed_and_ties_errors_to_fields(client, people, gabes):
    process = vote_phase_process(gabes)
    client.force_login(people["municipal_staff"])
    response = client.post(f"/budget/concertation/{process.slug}/preparer/",
                           {**SETTINGS, "min_projects": "3", "max_projects": "2", "title_ar": "ميزانية الواحة"})
    assert response.status_code == 200 and "max_projects" in response.context["form"].errors
    html = response.content.decode()
    assert "ميزانية الواحة" in html and 'value="80000"' in html
    assert not Budget.objects.exists()


def test_projects_from_catalogue_and_proposals_then_removal(client, people, gabes, sector):
    process = vote_phase_process(gabes)
    budget = services.create_budget(process, people["municipal_staff"], title="Budget", amount_tnd=100_000)
    participation_services.add_phase(process, OPERATOR, PhaseKind.PROPOSALS, process.phases.get().starts_at.replace(year=2020),
                                     process.phases.get().starts_at.replace(year=2021))
    client.force_login(people["municipal_staff"])
    with_cost = catalogue_project(gabes, sector)
    without_cost = catalogue_project(gabes, sector, title="Wifi public", cost=None)
    base = f"/budget/{budget.pk}/gestion/projets/"
    client.post(base + "catalogue/", {"project": with_cost.pk})
    assert BudgetProject.objects.get(project=with_cost).cost_tnd == 45_000
    offered = client.get(base).context["catalogue_form"].fields["project"].queryset
    assert with_cost not in offered and without_cost in offered  # not twice on the ballot
    refused = client.post(base + "catalogue/", {"project": without_cost.pk})
    assert refused.status_code == 400 and "cost_tnd" in refused.context["catalogue_form"].errors
    client.post(base + "catalogue/", {"project": without_cost.pk, "cost_tnd": "12000"})
    assert BudgetProject.objects.get(project=without_cost).cost_tnd == 12_000
    assert not client.post(base + "proposition/", {"proposal": "", "cost_tnd": "5"}).context["proposal_form"].is_valid()
    page = client.get(base).content.decode()
    assert "Piste cyclable de la corniche" in page and "Wifi public" in page
    removed = BudgetProject.objects.get(project=without_cost)
    client.post(f"{base}{removed.pk}/retirer/")
    assert list(BudgetProject.objects.filter(budget=budget).values_list("title", flat=True)) == [
        "Piste cyclable de la corniche"]


def test_proposals_join_the_ballot_with_the_municipality_cost(client, people, gabes, sector):
    from tests.participation.conftest import INSIDE

    process = open_process(gabes, PhaseKind.PROPOSALS, slug="idees")
    proposal = participation_services.create_proposal(
        process, people["citizen"], title="Ombre au marché", body="<p>Des voiles.</p>", sector=sector,
        latitude=INSIDE[0], longitude=INSIDE[1],
    )
    phase = process.phases.get()
    participation_services.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, phase.ends_at,
                                     phase.ends_at.replace(year=phase.ends_at.year + 1))
    budget = services.create_budget(process, people["municipal_staff"], title="Budget", amount_tnd=100_000)
    client.force_login(people["governorate_staff"])
    client.post(f"/budget/{budget.pk}/gestion/projets/proposition/", {"proposal": proposal.pk, "cost_tnd": "7000"})
    added = BudgetProject.objects.get(budget=budget)
    assert (added.proposal, added.title, added.cost_tnd) == (proposal, "Ombre au marché", 7000)


def test_after_the_first_ballot_rules_and_projects_stay(client, budget, people):
    voter = eligible(budget, people["citizen"], CENSUS[0])
    services.cast_ballot(budget, voter, ids(budget, "Jardins partagés de l'oasis"))
    budget = fresh_budget(budget)
    staff = people["municipal_staff"]
    with pytest.raises(Conflict, match="bulletins"):
        services.edit_budget(budget, staff, title="x", amount_tnd=1)
    with pytest.raises(Conflict, match="bulletins"):
        services.remove_project(budget.projects.first(), staff)
    client.force_login(staff)
    page = client.get(f"/budget/{budget.pk}/gestion/projets/").content.decode()
    assert "ne peut plus changer" in page and "/retirer/" not in page
    rules_page = client.get(f"/budget/{budget.pk}/gestion/regles/")
    assert "ne peuvent plus changer" in rules_page.content.decode()
    response = client.post(f"/budget/{budget.pk}/gestion/regles/", {**SETTINGS, "amount_tnd": "1"})
    assert response.status_code == 200 and fresh_budget(budget).amount_tnd == 100_000
    count = budget.projects.count()
    client.post(f"/budget/{budget.pk}/gestion/projets/{budget.projects.first().pk}/retirer/")
    assert budget.projects.count() == count


def test_the_fact_checked_with_the_identifier_is_frozen_once_the_list_is_in(client, budget, people):
    client.force_login(people["organiser"])
    response = client.post(f"/budget/{budget.pk}/gestion/regles/", {**SETTINGS, "census_check": "postal_code"})
    assert response.status_code == 200 and "ne peut plus changer" in response.content.decode()
    assert fresh_budget(budget).census_check == "birth_date"
    response = client.post(f"/budget/{budget.pk}/gestion/regles/", {**SETTINGS, "census_check": "eye_colour"})
    assert response.status_code == 200 and fresh_budget(budget).census_check == "birth_date"


def test_edit_budget_rules_before_the_first_ballot(client, budget, people):
    client.force_login(people["organiser"])
    response = client.post(f"/budget/{budget.pk}/gestion/regles/", {**SETTINGS, "title_en": "Oasis budget"})
    assert response["Location"] == f"/budget/{budget.pk}/gestion/"
    budget = fresh_budget(budget)
    assert (budget.title_fr, budget.title_en, budget.amount_tnd, budget.eligibility) == (
        "Budget de l'oasis", "Oasis budget", 80_000, Eligibility.ACCOUNT)


def test_management_pages_query_counts(client, budget, people, gabes, sector, django_assert_num_queries):
    for i in range(3):
        catalogue_project(gabes, sector, title=f"Projet {i}")
    client.force_login(people["municipal_staff"])
    # session, user, budget with its process and municipality, phases, my roles, has ballots, projects,
    # catalogue projects, proposals, unread notifications
    for url, queries in ((f"/budget/{budget.pk}/gestion/projets/", 10), (f"/budget/{budget.pk}/gestion/regles/", 7)):
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
