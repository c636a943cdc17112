from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravanConfig(AppConfig):
    name = "madina.caravan"
    label = "caravan"
    verbose_name = _("Caravane")

    def ready(self):
        """A person's download and erasure of their data include their caravan registrations; the hourly
        housekeeping frees the places of registrations not confirmed in time.
        Territory's pages show this app's section on a place through the hook territory offers (connections)."""
        from madina.accounts.personal_data import register
        from madina.core import housekeeping
        from madina.territory import connections

        from . import personal_data, places, registrations

        register("caravan", personal_data.export, personal_data.erase)
        housekeeping.register("caravan registrations released", registrations.release_all_unconfirmed)
        connections.register(places.stops_at)
        from madina.core import search

        from . import search as found

        search.register(60, found.stops)  # the site-wide search (core.search)
