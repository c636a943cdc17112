from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "madina.budgeting"
    label = "budgeting"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        """Participation sits below budgeting: budgeting keeps the vote phase of its budgets through the guard hook
        participation offers (imported here, once the apps are loaded)."""
        from madina.participation.services import PHASE_GUARDS

        from .services import keep_vote_phase

        PHASE_GUARDS.append(keep_vote_phase)
