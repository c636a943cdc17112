"""Background entry points of participation; the work is in emails.py."""

from django_tasks import task

from . import emails


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    return emails.send_emails(notification_ids)


@task()
def announce_phase(phase_id: int) -> int:
    return emails.announce(phase_id)
