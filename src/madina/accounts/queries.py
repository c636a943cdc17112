from django.db.models import Q

from madina.core.models import AuditEntry, joined_without_geometry

from .models import Role, RoleAssignment
from .rules import is_organiser, roles


def roles_of(user):
    """A person's stored roles with their places, grouped by role."""
    return (
        joined_without_geometry(RoleAssignment.objects, "governorate", "municipality")
        .filter(user=user)
        .order_by("role", "governorate__name", "municipality__name")
    )


def audit_entries(user):
    """The audit log as this person may read it, or None when they may read none of it: organisers all of it,
    governorate staff their governorate's, municipal staff and local moderators their municipality's, national
    moderators the moderation decisions."""
    if is_organiser(user):
        return AuditEntry.objects.all()
    if not roles(user):
        return None
    seen = Q(pk__in=[])
    for role, governorate_id, municipality_id in roles(user):
        if role == Role.GOVERNORATE_STAFF:
            seen |= Q(governorate_id=governorate_id)
        elif role in (Role.MUNICIPAL_STAFF, Role.MODERATOR) and municipality_id:
            actions = Q() if role == Role.MUNICIPAL_STAFF else Q(action="participation.moderated")
            seen |= Q(municipality_id=municipality_id) & actions
        elif role == Role.MODERATOR:
            seen |= Q(action="participation.moderated")
    return AuditEntry.objects.filter(seen)
