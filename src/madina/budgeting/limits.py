"""The names of the counts that hold guesses back (core.ratelimit), and how long each pause has left: read by the
management page (queries.lockouts) and the services that count and lift them (services/lockouts.py)."""

from __future__ import annotations

from django.conf import settings

from madina.core import ratelimit


def resident_key(user) -> str:
    return f"eligibility:user:{user.pk}"


def budget_key(budget) -> str:
    return f"eligibility:budget:{budget.pk}"


def officer_key(budget, officer) -> str:
    return f"paper:officer:{budget.pk}:{officer.pk}"


def pause_left(budget) -> int:
    """Seconds until the budget's census checks resume; 0 when they are not paused."""
    refused, seconds = ratelimit.standing(budget_key(budget))
    return seconds if refused >= settings.BUDGETING_ELIGIBILITY_PAUSE else 0


def officer_pause_left(budget, officer) -> int:
    refused, seconds = ratelimit.standing(officer_key(budget, officer))
    return seconds if refused >= settings.BUDGETING_PAPER_REFUSAL_RATE[0] else 0


def minutes(seconds: int) -> int:
    """Seconds left, as the whole minutes a person reads (a pause of 30 s says 1 minute, not 0)."""
    return -(-seconds // 60)
