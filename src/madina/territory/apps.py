from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "madina.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def ready(self):
        """core.media serves municipalities' pictures to everyone, like the municipalities' pages; the site-wide
        search (core.search) finds municipalities and perimeters through this app."""
        from madina.core import search
        from madina.core.media import OWNERS, public_picture

        from . import search as found
        from .models import Municipality

        OWNERS["territory/pictures/"] = public_picture(Municipality.objects.all())
        search.register(10, found.municipalities)
        search.register(50, found.perimeters)
