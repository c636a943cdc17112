"""Pages of moderation (reporting content, the moderators' queue and their decisions) and of a person's
notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core.pages import act, act_on

from .. import notifications, queries, services
from .. import rules as r
from ..forms import ModerationForm, ReportForm
from ..models import Proposal
from .base import back


def _report(request, content, proposal: Proposal):
    if not r.can_report.test(request.user, content):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        act(request, lambda: services.report(content, request.user, form.cleaned_data["reason"],
                                             form.cleaned_data["details"]),
            _("Merci : les modérateurs vont examiner ce contenu."))
        return redirect(proposal)
    return render(request, "participation/report.html", {"form": form, "content": content, "proposal": proposal})


@login_required
def proposal_report(request, pk):
    proposal = queries.proposal(pk, request.user)
    return _report(request, proposal, proposal)


@login_required
def comment_report(request, pk):
    comment = queries.comment(pk, request.user)
    return _report(request, comment, comment.proposal)


@login_required
def moderation_queue(request):
    scope = r.moderated_municipality_ids(request.user)
    if scope is not None and not scope and not r.is_moderator.test(request.user):
        raise PermissionDenied
    reports = list(queries.moderation_queue(scope))
    items: dict[tuple, dict] = {}
    for report in reports:
        content = report.proposal or report.comment
        key = ("proposal" if report.proposal_id else "comment", content.pk)
        items.setdefault(key, {"kind": key[0], "content": content, "reports": []})["reports"].append(report)
    return render(
        request, "participation/moderation_queue.html",
        {"items": list(items.values()), "form": ModerationForm(), "log": queries.moderation_log(scope)},
    )


@login_required
@require_POST
def moderate(request, kind, pk, action):
    if kind not in ("proposal", "comment"):
        raise Http404
    content = queries.proposal(pk, request.user) if kind == "proposal" else queries.comment(pk, request.user)
    do = {"hide": services.hide, "restore": services.restore, "dismiss": services.dismiss_reports}.get(action)
    if do is None:
        raise Http404
    act_on(request, ModerationForm(request.POST), lambda data: do(content, request.user, data["reason"]),
           _("Décision enregistrée au journal de modération."),
           _("Donnez le motif de votre décision : il est gardé au journal de modération."))
    return back(request, reverse("participation:moderation_queue"))




@login_required
def notification_list(request):
    if request.method == "POST":
        notifications.mark_read(request.user)
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
        return redirect("participation:notifications")
    page = Paginator(queries.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "participation/notifications.html", {"page": page})
