from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PppConfig(AppConfig):
    name = "madina.ppp"
    label = "ppp"
    verbose_name = _("Catalogue PPP")

    def ready(self):
        """core.media serves this app's uploads once this app has said who may see each (its stored sheets are left
        out of backups), and a person's download and erasure of their data include the companies they registered
        (imported once the apps are loaded)."""
        from madina.accounts.personal_data import register
        from madina.core.media import DERIVED, OWNERS

        from . import media, personal_data

        OWNERS[media.FOLDER] = media.served
        DERIVED.add(media.SHEETS)  # made again from the project when asked: not worth a backup
        register("ppp", personal_data.export, personal_data.erase)
