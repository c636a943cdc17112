from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravanConfig(AppConfig):
    name = "madina.caravan"
    label = "caravan"
    verbose_name = _("Caravane")

    def ready(self):
        """A person's download and erasure of their data include their caravan registrations; the hourly
        housekeeping frees the places of registrations not confirmed in time."""
        from madina.accounts.personal_data import register
        from madina.core import housekeeping

        from . import personal_data, registrations

        register("caravan", personal_data.export, personal_data.erase)
        housekeeping.register("caravan registrations released", registrations.release_all_unconfirmed)
