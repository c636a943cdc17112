"""Background work: e-mails for notifications and phase announcements (django-tasks)."""

from django_tasks import task

from . import notifications


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    return notifications.send_emails(notification_ids)


@task()
def announce_phase(phase_id: int) -> int:
    return notifications.announce(phase_id)
