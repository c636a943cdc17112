"""E-mails of participation: an official answer, a reply, a phase that starts, published results.

A notification is a row per recipient, shown in the site; its e-mail goes out in the background (tasks.py), in
the recipient's own language. The texts name no recipient, so the notifications of one event share one subject
and body per language, written once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from madina.core import mail

from .models import Notification, NotificationKind, Phase, ProcessFollow


def record(recipient_ids, kind: str, process, *, proposal=None, phase=None) -> list[Notification]:
    """The notification rows, in the caller's transaction; nothing is sent here."""
    return Notification.objects.bulk_create(
        Notification(recipient_id=uid, kind=kind, process=process, proposal=proposal, phase=phase)
        for uid in recipient_ids
    )


def send_emails(notification_ids: list[int]) -> int:
    """Send each not-yet-sent notification once, over one connection; returns how many went out. The sent ones
    are marked in one query, even when a later one fails."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "process", "proposal", "phase")
    )
    sent: list[int] = []
    try:
        with mail.outbox() as box:
            for notification in pending:
                event = (notification.kind, notification.process_id, notification.proposal_id, notification.phase_id)
                box.send("participation/email/notification", mail.recipient(notification.recipient),
                         {"notification": notification}, key=event)
                sent.append(notification.pk)
    finally:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


@transaction.atomic
def announce(phase_id: int) -> int:
    """Tell the process's followers that a phase has started; once per phase, never before it starts. Runs in
    the background worker, which also sends the e-mails once the notifications are stored."""
    phase = Phase.objects.select_for_update(of=("self",)).select_related("process").filter(pk=phase_id).first()
    now = timezone.now()
    if phase is None or phase.announced_at is not None or phase.starts_at > now or phase.ends_at <= now:
        return 0
    phase.announced_at = now
    phase.save(update_fields=["announced_at"])
    followers = list(ProcessFollow.objects.filter(process=phase.process).values_list("user_id", flat=True))
    ids = [n.pk for n in record(followers, NotificationKind.PHASE_STARTED, phase.process, phase=phase)]
    if ids:
        transaction.on_commit(lambda: send_emails(ids))
    return len(followers)


def announce_started_phases() -> int:
    """Catch up: announce every running phase nobody has announced yet."""
    now = timezone.now()
    due = Phase.objects.filter(announced_at__isnull=True, starts_at__lte=now, ends_at__gt=now)
    return sum(announce(pk) for pk in due.values_list("pk", flat=True))
