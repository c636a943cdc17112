"""Moderation: reports by citizens (hiding content after enough of them), and moderators' decisions, each kept
in the moderation log with its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core import audit, ratelimit
from madina.core.errors import Conflict, Invalid
from madina.core.permissions import require

from .. import rules as r
from ..models import Comment, ModerationAction, ModerationLog, Proposal, Report
from .base import lock


def _content_and_model(content):
    return (Proposal, {"proposal": content}) if isinstance(content, Proposal) else (Comment, {"comment": content})


@transaction.atomic
def report(content, reporter, reason: str, details: str = "") -> Report:
    """One report per person and content (a second one is a Conflict); reaching the threshold hides the content until a moderator decides."""
    model, target = _content_and_model(content)
    require(r.can_report, reporter, content, _("Vous ne pouvez pas signaler ce contenu."))
    locked = model.objects.select_for_update().get(pk=content.pk)
    if Report.objects.filter(reporter=reporter, **target).exists():
        # Said as such, before the limit counts it: a second click is not a second report.
        raise Conflict(_("Vous avez déjà signalé ce contenu : les modérateurs l'examinent."))
    ratelimit.limit(
        f"report:user:{reporter.pk}", settings.PARTICIPATION_REPORT_RATE,
        _("Vous avez fait %(count)d signalements en %(minutes)d minutes : attendez un peu avant le suivant."),
    )
    created = Report.objects.create(reporter=reporter, reason=reason, details=details.strip(), **target)
    model.objects.filter(pk=locked.pk).update(report_count=F("report_count") + 1)
    content.report_count = locked.report_count + 1
    pending = Report.objects.filter(resolved_at__isnull=True, **target).count()
    if not locked.is_hidden and pending >= settings.PARTICIPATION_AUTO_HIDE_REPORTS:
        model.objects.filter(pk=locked.pk).update(is_hidden=True)
        content.is_hidden = True
        ModerationLog.objects.create(
            action=ModerationAction.AUTO_HIDE, reason=_("%(count)d signalements") % {"count": pending}, **target
        )
    return created


def _moderate(content, moderator, reason: str, action: str, hidden: bool | None):
    model, target = _content_and_model(content)
    require(r.can_moderate, moderator, content, _("Seuls les modérateurs peuvent faire cela."))
    if not reason.strip():
        raise Invalid(_("Donnez le motif de votre décision : il est gardé au journal de modération."), field="reason")
    lock(content)
    if hidden is not None:
        model.objects.filter(pk=content.pk).update(is_hidden=hidden)
        content.is_hidden = hidden
    Report.objects.filter(resolved_at__isnull=True, **target).update(resolved_at=timezone.now())
    proposal = content if isinstance(content, Proposal) else content.proposal
    audit.record("participation.moderated", moderator, municipality=proposal.process.municipality,
                 target=proposal.title, decision=action, kind=model._meta.model_name, id=content.pk)
    return ModerationLog.objects.create(actor=moderator, action=action, reason=reason.strip(), **target)


@transaction.atomic
def hide(content, moderator, reason: str) -> ModerationLog:
    return _moderate(content, moderator, reason, ModerationAction.HIDE, True)


@transaction.atomic
def restore(content, moderator, reason: str) -> ModerationLog:
    return _moderate(content, moderator, reason, ModerationAction.RESTORE, False)


@transaction.atomic
def dismiss_reports(content, moderator, reason: str) -> ModerationLog:
    """The content stays as it is; its pending reports leave the queue."""
    return _moderate(content, moderator, reason, ModerationAction.DISMISS, None)
