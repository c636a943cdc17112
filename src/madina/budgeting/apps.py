from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "madina.budgeting"
    label = "budgeting"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        """Participation sits below budgeting: budgeting keeps the vote phase of its budgets through the guard hook
        participation offers, has restores check its ballots through core's, and adds its part to a person's data
        (imported here, once the apps are loaded).
        Territory's pages show this app's section on a place through the hook territory offers (connections)."""
        from madina.accounts.personal_data import register
        from madina.core.backup import CHECKS
        from madina.participation.services import PHASE_GUARDS
        from madina.territory import connections

        from . import personal_data, places
        from .backup import voters_find_their_ballots
        from .services import keep_vote_phase

        PHASE_GUARDS.append(keep_vote_phase)
        CHECKS.append(voters_find_their_ballots)
        register("budgeting", personal_data.export, personal_data.erase)
        connections.register(places.budgets_of)
        # Madina's own indicators of each municipality from this app's data (madina.indicators, below).
        from madina.indicators.computations import register as register_indicator

        from . import indicators

        indicators.register_all(register_indicator)
