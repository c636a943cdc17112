from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "madina.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self):
        """core.media serves this app's uploads once this app has said who may see each, and a person's download
        and erasure of their data include this app's part (imported once the apps are loaded).
        Territory's pages show this app's section on a place through the hook territory offers (connections)."""
        from madina.accounts.personal_data import register
        from madina.core.media import OWNERS
        from madina.territory import connections

        from . import personal_data, places
        from .media import FOLDER, PICTURES, process_picture, proposal_image

        OWNERS[FOLDER] = proposal_image
        OWNERS[PICTURES] = process_picture
        register("participation", personal_data.export, personal_data.erase)
        connections.register(places.processes_of)
        from madina.core import search

        from . import search as found

        search.register(20, found.processes)  # the site-wide search (core.search)
        search.register(30, found.proposals)
        # Madina's own indicators of each municipality from this app's data (madina.indicators, below).
        from madina.indicators.computations import register as register_indicator

        from . import indicators

        indicators.register_all(register_indicator)
