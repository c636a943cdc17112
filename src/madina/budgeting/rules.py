"""Who may do what with a budget: the process's current phase (participation's registry) and the person's role.

Voting online also needs eligibility (a census entry bound to the person, or any verified account when the budget
says so); that is a fact about the register, checked by the services, not a permission.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from madina.accounts.rules import manages_municipality
from madina.participation import rules as participation_rules
from madina.participation.phases import Action

from . import queries
from .models import Budget

# Participation's predicates read a budget's phases through budget.process (participation_rules.process_of).
_vote_phase_running = participation_rules.phase_allows(Action.VOTE)


def vote_is_open(budget: Budget) -> bool:
    return _vote_phase_running.test(None, budget)


def vote_has_closed(budget: Budget, now=None) -> bool:
    """The vote phase has ended: the ballots are final and can be counted."""
    phase = queries.vote_phase(budget.process)
    return phase is not None and phase.ends_at <= (now or timezone.now())


def paper_ballots_open(budget: Budget) -> bool:
    """Officers type paper ballots while the vote runs and after it closes, until the count is requested."""
    return vote_is_open(budget) or (vote_has_closed(budget) and not budget.count_state)


@rules.predicate
def manages_budget(user, budget) -> bool:
    return budget is not None and manages_municipality(user, budget.process.municipality)


@rules.predicate
def can_be_counted(user, budget) -> bool:
    return budget is not None and vote_has_closed(budget)


can_vote = participation_rules.can_vote  # signed in, and the current phase allows voting
can_manage = manages_budget
can_enter_paper_ballot = manages_budget
can_count = manages_budget & can_be_counted

rules.add_perm("budgeting.vote", can_vote)
rules.add_perm("budgeting.manage", can_manage)
rules.add_perm("budgeting.enter_paper_ballot", can_enter_paper_ballot)
rules.add_perm("budgeting.count", can_count)
