"""Reads of participatory budgeting, each with the joins its page needs."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from madina.core.models import without_boundaries
from madina.participation.models import Phase
from madina.participation.phases import PhaseKind

from .models import Budget, BudgetProject


def budgets():
    return Budget.objects.filter(process__is_published=True).select_related("process__municipality")


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
