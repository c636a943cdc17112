from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "madina.budgeting"
    label = "budgeting"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        from madina.participation.services import PHASE_DELETION_GUARDS

        from .services import budget_vote_phase_in_use

        PHASE_DELETION_GUARDS.append(budget_vote_phase_in_use)
