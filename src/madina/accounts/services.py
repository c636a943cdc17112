"""Granting and revoking roles: the only way the site and the demo loader change who may do what.

Who reaches the admin back-office follows from the roles: national organisers run the programme there
(`is_staff`, and every Madina model through `backends.OrganiserBackend`); governorate and municipal staff and
moderators work in the site's own pages, scoped by the `rules` predicates, and never see the admin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from madina.core.errors import Invalid

from .models import Role, RoleAssignment, User, scope_errors


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


def grant_role(user, role, governorate=None, municipality=None) -> RoleAssignment:
    """Give `user` a role in a scope; granting a role already held returns the existing assignment."""
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise ValidationError(errors)
    lookup = {"role": role, "governorate_id": _id(governorate), "municipality_id": _id(municipality)}
    with transaction.atomic():
        locked = _locked(user)
        # get_or_create falls back to reading the row if a unique constraint stops a concurrent duplicate.
        assignment, _ = RoleAssignment.objects.get_or_create(user=locked, **lookup)
        sync_admin_access(locked)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return assignment


def revoke_role(user, role, governorate=None, municipality=None) -> bool:
    """Take a role back; True if it was held. Revoking a role not held changes nothing."""
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(user)
        deleted, _ = RoleAssignment.objects.filter(
            user=locked, role=role, governorate_id=_id(governorate), municipality_id=_id(municipality)
        ).delete()
        sync_admin_access(locked)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return bool(deleted)


def update_profile(user, *, display_name: str, language: str) -> None:
    """The name shown beside what the person writes on the site and the language Madina writes to them in; the
    e-mail address changes through allauth."""
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Langue inconnue."), field="language")
    user.display_name = display_name.strip()
    user.language = language
    user.save(update_fields=["display_name", "language"])
