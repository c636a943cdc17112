from madina.core.models import joined_without_geometry

from .models import RoleAssignment


def roles_of(user):
    """A person's stored roles with their places, grouped by role."""
    return (
        joined_without_geometry(RoleAssignment.objects, "governorate", "municipality")
        .filter(user=user)
        .order_by("role", "governorate__name", "municipality__name")
    )
