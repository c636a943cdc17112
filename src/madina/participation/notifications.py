"""Notifications: a row per recipient, shown in the site, and an e-mail sent by a background task.

Rows are written in the caller's transaction; the e-mail task is enqueued only once that transaction commits,
so a rolled-back answer never sends mail. The e-mails themselves are written in emails.py.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends

from .emails import record
from .models import Notification, Phase
from .tasks import announce_phase, send_notification_emails


def notify(recipient_ids, kind: str, process, *, proposal=None, phase=None) -> list[Notification]:
    rows = record(recipient_ids, kind, process, proposal=proposal, phase=phase)
    ids = [n.pk for n in rows]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return rows


def schedule_announcement(phase: Phase) -> None:
    """Announce the phase when it starts: deferred to its start when the task backend can wait, else now if it
    has already started (emails.announce_started_phases catches up on phases a non-deferring backend skipped)."""
    backend = task_backends[announce_phase.backend]

    def enqueue():
        if phase.starts_at <= timezone.now():
            announce_phase.enqueue(phase.pk)
        elif backend.supports_defer:
            announce_phase.using(run_after=phase.starts_at).enqueue(phase.pk)

    transaction.on_commit(enqueue)


@transaction.atomic
def mark_read(user, notification_ids=None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
