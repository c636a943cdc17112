from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "madina.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def ready(self):
        """The site-wide search (core.search) finds municipalities and perimeters through this app."""
        from madina.core import search

        from . import search as found

        search.register(10, found.municipalities)
        search.register(50, found.perimeters)
