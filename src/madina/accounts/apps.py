from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "madina.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        """The account's own part of what a person can download, first in the file; tokens end with the password
        they were made under (allauth's signals, imported once the apps are loaded)."""
        from allauth.account.signals import password_changed, password_reset
        from django.contrib.auth import get_user_model

        from madina.core.media import OWNERS, public_picture

        from .personal_data import account, register
        from .services import revoke_all_tokens

        def end_tokens(sender, request, user, **kwargs):
            revoke_all_tokens(user)

        register("account", account)
        # Avatars are public beside public names; an erased account's is gone with it.
        OWNERS["accounts/avatars/"] = public_picture(get_user_model().objects.filter(erased_at__isnull=True),
                                                     "avatar")
        password_changed.connect(end_tokens, weak=False, dispatch_uid="madina-end-tokens-changed")
        password_reset.connect(end_tokens, weak=False, dispatch_uid="madina-end-tokens-reset")
