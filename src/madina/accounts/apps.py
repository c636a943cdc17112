from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "madina.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        """The account's own part of what a person can download, first in the file."""
        from .personal_data import account, register

        register("account", account)
