"""Reads of participatory budgeting, each with the joins its page needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from madina.core import ratelimit
from madina.core.models import AuditEntry, without_boundaries
from madina.participation.models import Phase
from madina.participation.phases import PhaseKind

from . import limits
from .models import Budget, BudgetProject


def budgets():
    """Published budgets with their process and municipality named (never drawn: its boundary is left unread)."""
    return (Budget.objects.filter(process__is_published=True).select_related("process__municipality")
            .defer(*without_boundaries("process__municipality")))


def open_budgets(limit: int, now=None) -> list[Budget]:
    """Budgets whose process has a phase running now, the vote first then the soonest to close, each with that
    phase as `phase_now` (the home page says what one can do there and until when): two queries."""
    now = now or timezone.now()
    running = Phase.objects.filter(process=OuterRef("process"), starts_at__lte=now, ends_at__gt=now)
    found = list(
        budgets()
        .filter(Exists(running))
        .annotate(voting=Exists(running.filter(kind=PhaseKind.BUDGET_VOTE)))
        .prefetch_related(Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at")))
        .order_by("-voting", "-pk")[:limit]
    )
    for row in found:
        row.phase_now = row.process.current_phase(now)
    return sorted(found, key=lambda b: (not b.voting, b.phase_now.ends_at, -b.pk))


def budgets_with_projects():
    """The API lists each budget with its projects and whether its vote is open (its phases)."""
    return budgets().prefetch_related("process__phases", "projects")


def budget_to_vote(pk: int) -> Budget:
    """A budget of a published process with only what casting a ballot reads (its process's phases): the
    busiest request of a vote, kept to two queries."""
    return get_object_or_404(
        Budget.objects.select_related("process")
        .prefetch_related(Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))),
        pk=pk, process__is_published=True,
    )


def budget(pk: int) -> Budget:
    """A budget of a published process; Http404 for any other."""
    return get_object_or_404(
        Budget.objects.select_related("process__municipality__governorate")
        .defer(*without_boundaries("process__municipality", "process__municipality__governorate"))
        .prefetch_related(Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))),
        pk=pk, process__is_published=True,
    )


def budget_for_staff(pk: int) -> Budget:
    """Unpublished processes too: their staff prepare the budget before opening it."""
    return get_object_or_404(
        Budget.objects.select_related("process__municipality__governorate")
        .prefetch_related(Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))),
        pk=pk,
    )


def projects(budget: Budget) -> list[BudgetProject]:
    return list(BudgetProject.objects.filter(budget=budget).select_related("project", "proposal"))


def vote_phase(process):
    """The vote phase of a process's budget: the ballots hang on it. A process holds one at most
    (participation.services refuses a second), so every page, rule and service asks here."""
    return process.phase_of_kind(PhaseKind.BUDGET_VOTE)


@dataclass(frozen=True)
class Lockout:
    person: object
    officer: bool  # an officer's paper ballot entry, else a resident's census checks
    refused: int
    minutes_left: int


def lockouts(budget: Budget) -> list[Lockout]:
    """Who is held back now on this budget: the people refused in the limits' windows (read from the audit log),
    kept when their live count has reached its limit."""
    wanted = [("budgeting.eligibility_refused", False, settings.BUDGETING_ELIGIBILITY_RATE),
              ("budgeting.paper_ballot_refused", True, settings.BUDGETING_PAPER_REFUSAL_RATE)]
    found = []
    for action, officer, (count, minutes) in wanted:
        since = timezone.now() - timedelta(minutes=minutes)
        people = get_user_model().objects.filter(pk__in=AuditEntry.objects.filter(
            action=action, details__budget=budget.pk, at__gte=since).values("actor_id")).order_by("pk")
        for person in people:
            key = limits.officer_key(budget, person) if officer else limits.resident_key(person)
            refused, seconds = ratelimit.standing(key)
            if refused >= count:
                found.append(Lockout(person, officer, refused, limits.minutes(seconds)))
    return found
