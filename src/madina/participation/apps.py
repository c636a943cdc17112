from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "madina.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self):
        """core.media serves this app's uploads once this app has said who may see each (imported once the apps
        are loaded)."""
        from madina.core.media import OWNERS

        from .media import FOLDER, proposal_image

        OWNERS[FOLDER] = proposal_image
