"""The count of a budget, run by the background worker once the vote has closed: madina.pb counts the ballots
with the budget's rule, then the outcome is published and followers and voters are told."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from madina.core import audit
from madina.participation.models import NotificationKind, ProcessFollow
from madina.participation.notifications import notify

from .election import build_election, run
from .models import Budget, BudgetProject, CensusEntry, CountState, Voter


def count(budget_id: int) -> dict:
    """Count the ballots with the budget's rule and publish: the outcome, per-project votes, the notifications.

    The counting itself runs outside any lock (it only reads final ballots); publishing is one transaction.
    """
    budget = Budget.objects.select_related("process__municipality").get(pk=budget_id)
    projects = list(budget.projects.all())
    election = build_election(budget, projects)
    try:
        outcome = run(election, budget.rule).as_dict()
    except Exception:
        Budget.objects.filter(pk=budget.pk).update(count_state=CountState.FAILED)
        raise
    votes = {p.id: int(p.fields["votes"]) for p in election.projects}
    selected = set(outcome["selected"])
    with transaction.atomic():
        Budget.objects.select_for_update().filter(pk=budget.pk).first()
        for project in projects:
            project.vote_count = votes[str(project.pk)]
            project.is_selected = str(project.pk) in selected
        BudgetProject.objects.bulk_update(projects, ["vote_count", "is_selected"])
        Budget.objects.filter(pk=budget.pk).update(
            outcome=outcome, count_state=CountState.DONE, counted_at=timezone.now()
        )
        audit.record("budgeting.count_published", None, municipality=budget.process.municipality, target=budget,
                     rule=budget.rule, selected=len(selected), ballots=len(election.ballots))
        notify_results(budget)
    return outcome


def notify_results(budget: Budget) -> int:
    """Tell the process's followers and the online voters that the results are out: a notification in the site
    and by e-mail, through participation's notifications (sent after commit)."""
    recipients = set(ProcessFollow.objects.filter(process=budget.process).values_list("user_id", flat=True))
    recipients |= set(
        CensusEntry.objects.filter(budget=budget, user__isnull=False,
                                   pk__in=_voter_ids(budget, "c:")).values_list("user_id", flat=True)
    )
    recipients |= set(_voter_ids(budget, "u:"))
    notify(sorted(recipients), NotificationKind.RESULTS, budget.process)
    return len(recipients)


def _voter_ids(budget: Budget, prefix: str) -> list[int]:
    keys = Voter.objects.filter(budget=budget, key__startswith=prefix).values_list("key", flat=True)
    return [int(k[len(prefix):]) for k in keys]
