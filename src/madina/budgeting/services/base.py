"""Helpers the budgeting services share."""

from ..models import Ballot, Budget


def locked(budget: Budget) -> Budget:
    """The budget row, locked until the transaction ends; its phases come along for the rules."""
    row = Budget.objects.select_for_update(of=("self",)).get(pk=budget.pk)
    row.process = budget.process
    return row


def has_ballots(budget: Budget) -> bool:
    return Ballot.objects.filter(budget=budget).exists()
