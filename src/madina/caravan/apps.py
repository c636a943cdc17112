from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravanConfig(AppConfig):
    name = "madina.caravan"
    label = "caravan"
    verbose_name = _("Caravane")
