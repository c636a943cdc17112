from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "madina.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def ready(self):
        """core.media serves municipalities' pictures to everyone, like the municipalities' pages."""
        from madina.core.media import OWNERS, public_picture

        from .models import Municipality

        OWNERS["territory/pictures/"] = public_picture(Municipality.objects.all())
