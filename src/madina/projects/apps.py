from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "madina.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self):
        """core.media serves this app's uploads once this app has said who may see each (imported once the apps
        are loaded)."""
        from madina.core.media import OWNERS

        from .media import FOLDER, attachment

        OWNERS[FOLDER] = attachment
