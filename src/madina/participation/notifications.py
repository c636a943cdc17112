"""Notifications: a row per recipient, shown in the site, and an e-mail sent by a background task.

Rows are written in the caller's transaction; the e-mail task is enqueued only once that transaction commits,
so a rolled-back answer never sends mail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task_backends

from .models import Notification, NotificationKind, Phase, ProcessFollow


def notify(recipient_ids, kind: str, process, *, proposal=None, phase=None) -> list[Notification]:
    from .tasks import send_notification_emails

    rows = Notification.objects.bulk_create(
        Notification(recipient_id=uid, kind=kind, process=process, proposal=proposal, phase=phase)
        for uid in recipient_ids
    )
    ids = [n.pk for n in rows]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return rows


def send_emails(notification_ids: list[int]) -> int:
    """Send each not-yet-sent notification once, over one mail connection; returns how many went out.

    Texts are in the site language and name no recipient, so the notifications of one event (its followers) share
    one subject and body, written once. The sent ones are marked in one query, even when a later one fails.
    """
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "process", "proposal", "phase")
    )
    written: dict[tuple, tuple[str, str]] = {}
    sent: list[int] = []
    try:
        with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
            for notification in pending:
                event = (notification.kind, notification.process_id, notification.proposal_id, notification.phase_id)
                if event not in written:
                    context = {"notification": notification, "site_url": settings.MADINA_SITE_URL}
                    written[event] = (
                        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                        + render_to_string("participation/email/subject.txt", context).strip(),
                        render_to_string("participation/email/body.txt", context),
                    )
                subject, body = written[event]
                send_mail(subject, body, None, [notification.recipient.email], connection=connection)
                sent.append(notification.pk)
    finally:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


def schedule_announcement(phase: Phase) -> None:
    """Announce the phase when it starts: deferred to its start when the task backend can wait, else now if it
    has already started (`announce_started_phases` catches up on phases a non-deferring backend skipped)."""
    from .tasks import announce_phase

    backend = task_backends[announce_phase.backend]

    def enqueue():
        if phase.starts_at <= timezone.now():
            announce_phase.enqueue(phase.pk)
        elif backend.supports_defer:
            announce_phase.using(run_after=phase.starts_at).enqueue(phase.pk)

    transaction.on_commit(enqueue)


@transaction.atomic
def announce(phase_id: int) -> int:
    """Tell the process's followers that a phase has started; once per phase, never before it starts."""
    phase = Phase.objects.select_for_update(of=("self",)).select_related("process").filter(pk=phase_id).first()
    now = timezone.now()
    if phase is None or phase.announced_at is not None or phase.starts_at > now or phase.ends_at <= now:
        return 0
    phase.announced_at = now
    phase.save(update_fields=["announced_at"])
    followers = list(ProcessFollow.objects.filter(process=phase.process).values_list("user_id", flat=True))
    notify(followers, NotificationKind.PHASE_STARTED, phase.process, phase=phase)
    return len(followers)


def announce_started_phases() -> int:
    """Catch up: announce every running phase nobody has announced yet."""
    now = timezone.now()
    due = Phase.objects.filter(announced_at__isnull=True, starts_at__lte=now, ends_at__gt=now)
    return sum(announce(pk) for pk in due.values_list("pk", flat=True))


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
