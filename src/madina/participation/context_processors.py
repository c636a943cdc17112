from django.utils.functional import SimpleLazyObject

from .notifications import unread_count


def notifications(request):
    """The unread count for the header, computed only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
