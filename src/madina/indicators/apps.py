from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "madina.indicators"
    label = "indicators"
    verbose_name = _("Indicateurs")

    def ready(self):
        """Madina's own measures of the territory below it (perimeter area) are registered here; the apps above
        register theirs in their own `ready` (participation, projects, budgeting). A municipality's page links to
        its dashboard through territory's hook."""
        from madina.territory import connections

        from . import computations, places, territory_measures

        territory_measures.register_all(computations.register)
        connections.register(places.quality_of_life)
