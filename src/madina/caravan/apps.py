from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravanConfig(AppConfig):
    name = "madina.caravan"
    label = "caravan"
    verbose_name = _("Caravane")

    def ready(self):
        """A person's download and erasure of their data include their caravan registrations."""
        from madina.accounts.personal_data import register

        from . import personal_data

        register("caravan", personal_data.export, personal_data.erase)
