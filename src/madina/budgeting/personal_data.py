"""What budgeting holds about a person (accounts.personal_data): the budgets whose census list they confirmed
being on, and their own ballots (found, as on the ballot page, through the keyed link only the server computes).
Erasing drops the census link; the ballot stays counted and stays secret."""

from __future__ import annotations

from .models import Budget, CensusEntry, Eligibility
from .services import my_ballot


def export(user) -> dict:
    confirmed = set(CensusEntry.objects.filter(user=user).values_list("budget_id", flat=True))
    budgets = Budget.objects.filter(pk__in=confirmed) | Budget.objects.filter(eligibility=Eligibility.ACCOUNT)
    ballots = []
    for budget in budgets.distinct():
        ballot = my_ballot(budget, user)
        if ballot is not None:
            ballots.append({"budget": budget.pk, "projects": ballot.choices, "channel": ballot.channel})
    return {"census_confirmed": sorted(confirmed), "ballots": ballots}


def erase(user) -> None:
    CensusEntry.objects.filter(user=user).update(user=None)
