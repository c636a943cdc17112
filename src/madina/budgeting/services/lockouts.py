"""Guesses held back, and the staff's hand on them: the budget-wide pause of census checks, the pause of an
officer who types too many unknown codes into paper ballots, and lifting either (or one resident's lockout) when
the staff judge it mistaken. The counts live in core.ratelimit under the names of limits.py."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from madina.core import audit, ratelimit
from madina.core.errors import Conflict, Invalid, RateLimited
from madina.core.permissions import require

from .. import rules as r
from ..limits import budget_key, minutes, officer_key, officer_pause_left, pause_left, resident_key
from ..models import Budget


def check_not_paused(budget: Budget) -> None:
    seconds = pause_left(budget)
    if seconds:
        raise RateLimited(_("Trop de vérifications refusées sur ce budget en peu de temps : elles reprennent dans "
                            "%(minutes)d minutes. La municipalité est prévenue.") % {"minutes": minutes(seconds)})


def guarded_paper_entry(budget: Budget, officer, enter):
    """Run `enter()` (one paper ballot's transaction) unless the officer's entry is paused; an unknown or used code
    or identifier is counted and audited outside that transaction, so the refusal that rolls it back still counts."""
    count, minutes = settings.BUDGETING_PAPER_REFUSAL_RATE
    if officer_pause_left(budget, officer):
        raise RateLimited(_("Trop de codes ou d'identifiants refusés (%(count)d en %(minutes)d minutes) : votre saisie "
                            "est suspendue. L'organisateur du budget peut la rouvrir.") % {"count": count,
                                                                                        "minutes": minutes})
    try:
        return enter()
    except (Invalid, Conflict) as refusal:
        if refusal.field in ("code", "identifier"):
            ratelimit.attempts(officer_key(budget, officer), minutes)
            audit.record("budgeting.paper_ballot_refused", officer, municipality=budget.process.municipality,
                         target=budget, budget=budget.pk, field=refusal.field)
        raise


@transaction.atomic
def unlock(budget: Budget, staff, person, *, officer: bool = False) -> None:
    """Lift one resident's lockout of census checks, or (`officer`) one officer's pause of paper ballot entry."""
    require(r.can_manage, staff, budget, _("Seul le personnel de la municipalité peut lever un blocage."))
    ratelimit.reset(officer_key(budget, person) if officer else resident_key(person))
    audit.record("budgeting.lockout_lifted", staff, municipality=budget.process.municipality, target=person,
                 budget=budget.pk, kind="officer" if officer else "resident")


@transaction.atomic
def resume_checks(budget: Budget, staff) -> None:
    """End the budget-wide pause of census checks before its window does."""
    require(r.can_manage, staff, budget, _("Seul le personnel de la municipalité peut lever un blocage."))
    ratelimit.reset(budget_key(budget))
    audit.record("budgeting.lockout_lifted", staff, municipality=budget.process.municipality, target=budget,
                 budget=budget.pk, kind="budget")
