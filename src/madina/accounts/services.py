"""Granting and revoking roles: the only way the site and the demo loader change who may do what.

Who reaches the admin back-office follows from the roles: national organisers run the programme there
(`is_staff`, and every Madina model through `backends.OrganiserBackend`); governorate and municipal staff and
moderators work in the site's own pages, scoped by the `rules` predicates, and never see the admin.
"""

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from madina.core import audit
from madina.core.errors import Invalid
from madina.core.permissions import require

from .models import PUBLIC_NAME_MAX, Role, RoleAssignment, User, scope_errors
from .rules import is_organiser


def _id(obj):
    return getattr(obj, "pk", obj)


def _locked(user) -> User:
    """Lock the person's row so that two grants or revokes for them run one after the other."""
    return User.objects.select_for_update().get(pk=user.pk)


def sync_admin_access(user) -> None:
    """Open the admin to organisers and close it when the last organiser role goes (superusers keep it)."""
    should_be_staff = user.is_superuser or user.roles.filter(role=Role.ORGANISER).exists()
    if user.is_staff != should_be_staff:
        User.objects.filter(pk=user.pk).update(is_staff=should_be_staff)
        user.is_staff = should_be_staff


def _forget_cached_roles(user) -> None:
    user.__dict__.pop("_madina_roles", None)


def grant_role(user, role, governorate=None, municipality=None, *, by) -> RoleAssignment:
    """Give `user` a role in a scope (an organiser's act, `by`); granting a role already held returns the
    existing assignment."""
    require(is_organiser, by, message=_("Seuls les organisateurs attribuent les rôles."))
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise Invalid(errors={field: [message] for field, message in errors.items()})
    lookup = {"role": role, "governorate_id": _id(governorate), "municipality_id": _id(municipality)}
    with transaction.atomic():
        locked = _locked(user)
        # get_or_create falls back to reading the row if a unique constraint stops a concurrent duplicate.
        assignment, created = RoleAssignment.objects.get_or_create(user=locked, **lookup)
        sync_admin_access(locked)
        if created:
            audit.record("accounts.role_granted", by, municipality=municipality, governorate=governorate,
                         target=user, role=role)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return assignment


def revoke_role(user, role, governorate=None, municipality=None, *, by) -> bool:
    """Take a role back (an organiser's act, `by`); True if it was held. Revoking a role not held changes
    nothing."""
    require(is_organiser, by, message=_("Seuls les organisateurs attribuent les rôles."))
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise Invalid(errors={field: [message] for field, message in errors.items()})
    with transaction.atomic():
        locked = _locked(user)
        deleted, _details = RoleAssignment.objects.filter(
            user=locked, role=role, governorate_id=_id(governorate), municipality_id=_id(municipality)
        ).delete()
        sync_admin_access(locked)
        if deleted:
            audit.record("accounts.role_revoked", by, municipality=municipality, governorate=governorate,
                         target=user, role=role)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return bool(deleted)


PUBLIC_NAME_MIN = 3
PUBLIC_NAME = re.compile(r"[\w\u064b-\u0652 .'’()-]+")
"""Letters of any script (with Arabic vowel marks), digits, spaces and . _ ' ( ) - : no @, so no e-mail address."""


def clean_public_name(name: str, user=None) -> str:
    """The name as it will be stored (spaces tidied), or Invalid on `display_name`: too short or long, a
    character outside the allowed ones, or already taken by another account (capitals aside)."""
    name = " ".join(str(name).split())
    if not PUBLIC_NAME_MIN <= len(name) <= PUBLIC_NAME_MAX:
        raise Invalid(
            _("Un nom public a de %(min)d à %(max)d caractères.") % {"min": PUBLIC_NAME_MIN, "max": PUBLIC_NAME_MAX},
            field="display_name",
        )
    if not PUBLIC_NAME.fullmatch(name):
        raise Invalid(
            _("Un nom public s'écrit avec des lettres, des chiffres, des espaces et . _ ' ( ) - seulement."),
            field="display_name",
        )
    others = User.objects.filter(display_name__iexact=name)
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise Invalid(_("Ce nom public est déjà pris : choisissez-en un autre."), field="display_name")
    return name


def _save_name(user, fields: list[str]) -> None:
    """Saved in a savepoint: a name taken meanwhile by someone else is refused like one taken before."""
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError:
        raise Invalid(_("Ce nom public est déjà pris : choisissez-en un autre."), field="display_name") from None


def set_public_name(user, name: str) -> None:
    """The name chosen at sign-up."""
    user.display_name = clean_public_name(name, user)
    _save_name(user, ["display_name"])


def update_profile(user, *, display_name: str, language: str) -> None:
    """The name shown beside what the person writes on the site and the language Madina writes to them in; the
    e-mail address changes through allauth."""
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Langue inconnue."), field="language")
    user.display_name = clean_public_name(display_name, user)
    user.language = language
    _save_name(user, ["display_name", "language"])
