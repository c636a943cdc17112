from .models import RoleAssignment


def roles_of(user):
    """A person's stored roles with their places, grouped by role."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("governorate", "municipality")
        .order_by("role", "governorate__name", "municipality__name")
    )
