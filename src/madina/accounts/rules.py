"""Permission predicates about roles. Apps above compose them with their own objects (adhocracy4 style):
`territory.rules` says who may edit a perimeter by asking whether the user manages its municipality.
"""

import rules

from .models import Role


def roles(user):
    """The user's stored roles as (role, governorate id, municipality id), read once per request and user
    object: every predicate here, and the apps' own role checks, go through it."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_madina_roles", None)
    if cached is None:
        cached = tuple(user.roles.values_list("role", "governorate_id", "municipality_id"))
        user._madina_roles = cached
    return cached


@rules.predicate
def is_signed_in(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_organiser(user):
    return user.is_authenticated and (user.is_superuser or any(r == Role.ORGANISER for r, _, _ in roles(user)))


@rules.predicate
def is_moderator(user):
    return any(r == Role.MODERATOR for r, _, _ in roles(user))


@rules.predicate
def is_staff_member(user):
    """Holds any staff role (organiser, governorate or municipal staff)."""
    return is_organiser(user) or any(
        r in (Role.GOVERNORATE_STAFF, Role.MUNICIPAL_STAFF) for r, _, _ in roles(user)
    )


def is_governorate_staff_of(user, governorate_id) -> bool:
    return any(r == Role.GOVERNORATE_STAFF and g == governorate_id for r, g, _ in roles(user))


def is_municipal_staff_of(user, municipality_id) -> bool:
    return any(r == Role.MUNICIPAL_STAFF and m == municipality_id for r, _, m in roles(user))


def manages_municipality(user, municipality) -> bool:
    """Organisers everywhere, governorate staff in their governorate, municipal staff in their municipality."""
    if municipality is None or not user.is_authenticated:
        return False
    return (
        is_organiser(user)
        or is_governorate_staff_of(user, municipality.governorate_id)
        or is_municipal_staff_of(user, municipality.pk)
    )


rules.add_perm("accounts.manage_everything", is_organiser)
