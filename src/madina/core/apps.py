from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "madina.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        """Expired rate-limit counters are swept with the hourly housekeeping."""
        from . import housekeeping, ratelimit

        housekeeping.register("rate counters", ratelimit.sweep)
