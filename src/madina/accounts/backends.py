"""Organisers run the programme from the admin back-office.

Django's admin asks the authentication backends whether a user may see an app (`has_module_perms`) and view,
add, change or delete a model (`has_perm`). This backend answers yes for national organisers on every Madina
app (and allauth's e-mail addresses, so an organiser can help someone whose confirmation mail got lost), so an
organiser needs neither the superuser flag nor hand-managed permission rows. Object-level rules of the apps
(territory, participation...) keep answering for everyone else through `rules`.
"""

from functools import cache

from django.apps import apps

from .rules import is_organiser

EXTRA_APP_LABELS = {"account"}


@cache
def organiser_app_labels() -> frozenset[str]:
    return frozenset(
        {config.label for config in apps.get_app_configs() if config.name.startswith("madina.")} | EXTRA_APP_LABELS
    )


class OrganiserBackend:
    """Answers permission questions only. It has no `get_user`, so Django's `force_login` and session loading
    go on to a backend that does (BaseBackend would offer one that returns nobody)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return self.has_module_perms(user_obj, perm.partition(".")[0])

    def has_module_perms(self, user_obj, app_label):
        return bool(user_obj.is_active and app_label in organiser_app_labels() and is_organiser(user_obj))
