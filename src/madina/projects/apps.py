from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "madina.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self):
        """core.media serves this app's uploads once this app has said who may see each, and a person's download
        and erasure of their data include this app's part (imported once the apps are loaded).
        Territory's pages show this app's section on a place through the hook territory offers (connections)."""
        from madina.accounts.personal_data import register
        from madina.core.media import OWNERS, public_picture
        from madina.territory import connections

        from . import personal_data, places
        from .media import FOLDER, PICTURES, attachment
        from .models import Project

        OWNERS[PICTURES] = public_picture(Project.objects.all())
        OWNERS[FOLDER] = attachment
        register("projects", personal_data.export, personal_data.erase)
        connections.register(places.projects_by_stage)
        from madina.core import search

        from . import search as found

        search.register(40, found.projects)  # the site-wide search (core.search)
        # Madina's own indicators of each municipality from this app's data (madina.indicators, below).
        from madina.indicators.computations import register as register_indicator

        from . import indicators

        indicators.register_all(register_indicator)
