from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "madina.surveys"
    label = "surveys"
    verbose_name = _("Enquêtes citoyennes")

    def ready(self):
        """Participation asks before it deletes a phase: a phase that carries a survey stays while the survey does.
        The hourly housekeeping feeds the indicators from the quality-of-life surveys that have just closed."""
        from madina.core import housekeeping
        from madina.participation.services import PHASE_GUARDS

        from .services import feed_closed_surveys, keep_survey_phase

        PHASE_GUARDS.append(keep_survey_phase)
        housekeeping.register("indicator values fed by closed surveys", feed_closed_surveys)
