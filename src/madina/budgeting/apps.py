from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "madina.budgeting"
    label = "budgeting"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        """Participation sits below budgeting: budgeting keeps the vote phase of its budgets through the guard hook
        participation offers, and has restores check its ballots through core's (imported here, once the apps
        are loaded)."""
        from madina.core.backup import CHECKS
        from madina.participation.services import PHASE_GUARDS

        from .backup import voters_find_their_ballots
        from .services import keep_vote_phase

        PHASE_GUARDS.append(keep_vote_phase)
        CHECKS.append(voters_find_their_ballots)
