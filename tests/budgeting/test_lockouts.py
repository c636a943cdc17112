"""Guesses held back where the staff can see and lift them: a budget-wide pause of census checks after a flood of
refusals, a resident locked out after a few, an officer whose paper ballot entry pauses after unknown codes; each
pause shown on the budget's management page, lifted only by its staff, and every step in the audit log."""

import pytest
from django.urls import reverse

from madina.budgeting import queries, services
from madina.core.errors import Invalid, RateLimited
from madina.core.models import AuditEntry

from .conftest import BORN, CENSUS, ids
from .test_services import B


def manage_page(client, budget):
    return client.get(reverse("budgeting:manage", args=[budget.pk])).content.decode()


def guess(budget, user, identifier="09999999"):
    with pytest.raises((Invalid, RateLimited)):
        services.claim_census_entry(budget, user, identifier, BORN)


def test_a_flood_of_refusals_pauses_the_budgets_checks_until_its_staff_resume_them(client, budget, people, settings):
    settings.BUDGETING_ELIGIBILITY_PAUSE, settings.BUDGETING_ELIGIBILITY_BURST = 3, (100, 10)
    for name in ("citizen", "other_citizen", "organiser"):
        guess(budget, people[name])
    with pytest.raises(RateLimited, match="reprennent dans 10 minutes"):
        services.claim_census_entry(budget, people["moderator"], CENSUS[0], BORN)
    assert AuditEntry.objects.filter(action="budgeting.eligibility_paused").count() == 1
    assert not budget.census.filter(user=people["moderator"]).exists()  # the right answer waits too

    client.force_login(people["foreign_staff"])
    assert client.post(reverse("budgeting:resume_checks", args=[budget.pk])).status_code == 403
    client.force_login(people["municipal_staff"])
    assert "suspendues pour tout le monde pendant encore 10 minutes" in manage_page(client, budget)
    client.post(reverse("budgeting:resume_checks", args=[budget.pk]))
    assert "suspendues pour tout le monde" not in manage_page(client, budget)
    services.claim_census_entry(budget, people["moderator"], CENSUS[0], BORN)
    lifted = AuditEntry.objects.get(action="budgeting.lockout_lifted")
    assert lifted.actor == people["municipal_staff"] and lifted.details == {"budget": budget.pk, "kind": "budget"}


def test_a_locked_out_resident_is_listed_by_public_name_and_can_be_let_back_in(client, budget, people, settings):
    settings.BUDGETING_ELIGIBILITY_RATE = (2, 60)
    citizen = people["citizen"]
    guess(budget, citizen)
    guess(budget, citizen)
    with pytest.raises(RateLimited):
        services.claim_census_entry(budget, citizen, CENSUS[0], BORN)
    [lockout] = queries.lockouts(budget)
    assert (lockout.person, lockout.officer, lockout.refused, lockout.minutes_left) == (citizen, False, 3, 60)

    client.force_login(people["municipal_staff"])
    page = manage_page(client, budget)
    assert citizen.display_name in page and citizen.email not in page
    assert f'href="{reverse("participation:person", args=[citizen.display_name])}"' in page  # the name links
    unlock = reverse("budgeting:unlock", args=[budget.pk, citizen.pk])
    client.force_login(people["foreign_staff"])
    assert client.post(unlock).status_code == 403
    client.force_login(people["municipal_staff"])
    client.post(unlock)
    assert queries.lockouts(budget) == []
    services.claim_census_entry(budget, citizen, CENSUS[0], BORN)
    assert AuditEntry.objects.get(action="budgeting.lockout_lifted").person == citizen


def test_an_officer_typing_unknown_codes_is_paused_then_reopened_by_the_organiser(client, budget, people, settings):
    settings.BUDGETING_PAPER_REFUSAL_RATE = (2, 60)
    officer = people["municipal_staff"]
    [code] = services.generate_codes(budget, officer, 1)
    with pytest.raises(Invalid):  # a wrong choice of projects is no guess: it does not count
        services.enter_paper_ballot(budget, officer, [], code=code)
    for wrong in ("AAAA-BBBB", "CCCC-DDDD"):
        with pytest.raises(Invalid):
            services.enter_paper_ballot(budget, officer, ids(budget, B), code=wrong)
    with pytest.raises(RateLimited, match="saisie est suspendue"):
        services.enter_paper_ballot(budget, officer, ids(budget, B), code=code)
    refusals = AuditEntry.objects.filter(action="budgeting.paper_ballot_refused")
    assert refusals.count() == 2 and refusals.first().details == {"budget": budget.pk, "field": "code"}
    assert [(lock.person, lock.officer) for lock in queries.lockouts(budget)] == [(officer, True)]

    client.force_login(officer)
    assert "saisie des bulletins papier" in manage_page(client, budget)
    client.post(reverse("budgeting:unlock", args=[budget.pk, officer.pk]), {"officer": "1"})
    services.enter_paper_ballot(budget, officer, ids(budget, B), code=code)
    assert budget.ballots.count() == 1
