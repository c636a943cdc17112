from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "madina.assessment"
    label = "assessment"
    verbose_name = _("Évaluation de la maturité")

    def ready(self):
        """Evidence files are shown only to those who may read the assessment (core.media asks this app)."""
        from madina.core.media import OWNERS

        from . import media

        OWNERS[media.FOLDER] = media.evidence
