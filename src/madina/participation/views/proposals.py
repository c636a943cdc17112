"""Pages of proposals: making and editing one, its page with comments, supports, follows and endorsements,
and the municipality's official answer. Every button works as a plain form; htmx only spares a reload on
support buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from madina.core.errors import ServiceError
from madina.core.pages import REFUSED, act, act_on, submit

from .. import queries, services
from .. import rules as r
from ..forms import AnswerForm, CommentForm, EndorseForm, ImagesForm, ProposalForm
from ..models import AnswerState
from .base import back, follow_or_not

COMMENT_SORTS = [("oldest", gettext_lazy("les plus anciens")), ("newest", gettext_lazy("les plus récents")),
                 ("supported", gettext_lazy("les plus appuyés"))]


@login_required
def proposal_create(request, slug):
    process = queries.process(slug)
    if not r.can_propose.test(request.user, process):
        messages.error(request, _("La phase en cours ne permet pas de déposer une proposition."))
        return redirect(process)
    form = ProposalForm(request.POST or None)
    images = ImagesForm(request.POST or None, request.FILES or None)
    draft = "draft" in request.POST
    proposal = submit(
        request, form,
        lambda data: services.create_proposal(process, request.user, images=images.uploads(), draft=draft, **data),
        _("Votre brouillon est enregistré : vous seul le voyez.") if draft else _("Votre proposition est publiée."),
    ) if images.is_valid() else REFUSED
    if proposal is not REFUSED:
        return redirect(proposal)
    return render(
        request, "participation/proposal_form.html",
        {"process": process, "form": form, "images": images, "creating": True},
    )


@login_required
def proposal_edit(request, pk):
    proposal = queries.proposal(pk, request.user)
    if not r.can_edit_proposal.test(request.user, proposal):
        raise PermissionDenied
    initial = {
        "title": proposal.title, "body": proposal.body, "sector": proposal.sector,
        "latitude": proposal.latitude, "longitude": proposal.longitude,
    }
    form = ProposalForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda data: services.edit_proposal(proposal, request.user, **data),
                   _("Votre proposition est modifiée."))
    if saved is not REFUSED:
        return redirect(proposal)
    return render(
        request, "participation/proposal_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form, "creating": False},
    )


def proposal_detail(request, pk):
    proposal = queries.proposal(pk, request.user)
    if proposal.is_hidden and not r.can_see_hidden_proposal.test(request.user, proposal):
        return render(request, "participation/proposal_hidden.html", {"proposal": proposal}, status=410)
    return _detail(request, proposal)


def _detail(request, proposal, *, comment_form=None, reply_form=None, reply_to=None, status=200):
    """The proposal's page; after a refused comment or reply, with that form bound to what was typed."""
    user = request.user
    sort = queries.comment_sort(request.GET)
    threads = list(queries.comment_threads(proposal, sort))
    votes = queries.comment_votes(user, proposal)
    for thread in threads:
        for comment in (thread, *thread.replies.all()):
            comment.my_vote = votes.get(comment.pk, 0)
    return render(
        request,
        "participation/proposal_detail.html",
        {
            "proposal": proposal,
            "process": proposal.process,
            "threads": threads,
            "comment_sort": sort,
            "comment_sorts": COMMENT_SORTS,
            "comment_max": services.COMMENT_MAX,
            "relation": queries.relation(user, proposal),
            "comment_form": comment_form or CommentForm(),
            "reply_form": reply_form,
            "reply_to": reply_to,
            "can": {
                "edit": r.can_edit_proposal.test(user, proposal),
                "publish": r.can_publish_draft.test(user, proposal),
                "withdraw": r.can_withdraw_proposal.test(user, proposal),
                "comment": r.can_comment.test(user, proposal),
                "vote_comments": r.can_comment.test(user, proposal),
                "support": r.can_support.test(user, proposal),
                "endorse": r.can_endorse.test(user, proposal),
                "answer": r.can_answer.test(user, proposal),
                "report": r.can_report.test(user, proposal),
                "moderate": r.can_moderate.test(user, proposal),
            },
        },
        status=status,
    )


def proposal_point(request, pk):
    proposal = queries.proposal(pk, request.user)
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(proposal.longitude), float(proposal.latitude)]},
        "properties": {"name": proposal.title},
    }
    return JsonResponse({"type": "FeatureCollection", "features": [feature]}, content_type="application/geo+json")


@login_required
def proposal_withdraw(request, pk):
    proposal = queries.proposal(pk, request.user)
    if not r.can_withdraw_proposal.test(request.user, proposal):
        raise PermissionDenied
    if request.method == "POST":
        act(request, lambda: services.withdraw_proposal(proposal, request.user), _("Votre proposition est retirée."))
        return redirect(proposal)
    return render(request, "participation/proposal_withdraw.html", {"proposal": proposal})


@login_required
@require_POST
def proposal_support(request, pk):
    proposal = queries.proposal(pk, request.user)
    try:
        if request.POST.get("action") == "unsupport":
            result = services.unsupport(proposal, request.user)
        else:
            result = services.support(proposal, request.user)
    except ServiceError as error:
        if request.headers.get("HX-Request"):
            return render(request, "participation/_support.html", {
                "proposal": proposal, "supported": False, "can_support": False, "error": error.message,
                "next_url": request.POST.get("next"),
            })
        messages.error(request, error.message)
        return back(request, proposal.get_absolute_url())
    if request.headers.get("HX-Request"):
        return render(request, "participation/_support.html", {
            "proposal": proposal, "supported": result.supported, "can_support": True, "announce": True,
            "next_url": request.POST.get("next"),
        })
    messages.success(request, _("Soutien enregistré.") if result.supported else _("Soutien retiré."))
    return back(request, proposal.get_absolute_url())


@login_required
@require_POST
def proposal_follow(request, pk):
    return follow_or_not(request, queries.proposal(pk, request.user), followed_now=_("Vous suivez cette proposition."),
                         no_longer=_("Vous ne suivez plus cette proposition."))


@login_required
@require_POST
def proposal_endorse(request, pk):
    proposal = queries.proposal(pk, request.user)
    act_on(request, EndorseForm(request.POST), lambda data: services.endorse(proposal, request.user, data["organisation"]),
           _("Votre appui est enregistré."), _("Indiquez au nom de quelle organisation vous appuyez cette proposition."))
    return redirect(proposal)


def _post_comment(request, proposal, post, *, done: str, reply_to=None):
    """A comment or a reply: back on the proposal's page at the new comment; refused (too long, empty, phase
    over), the page again with the form showing why and keeping what was typed."""
    form = CommentForm(request.POST)
    created = submit(request, form, lambda data: post(data["body"]), done)
    if created is REFUSED:
        if reply_to is None:
            return _detail(request, proposal, comment_form=form, status=400)
        return _detail(request, proposal, reply_form=form, reply_to=reply_to.pk, status=400)
    return redirect(f"{proposal.get_absolute_url()}#comment-{created.pk}")


@login_required
@require_POST
def proposal_comment(request, pk):
    proposal = queries.proposal(pk, request.user)
    return _post_comment(request, proposal, lambda body: services.comment(proposal, request.user, body),
                         done=_("Votre commentaire est publié."))


@login_required
@require_POST
def comment_reply(request, pk):
    parent = queries.comment(pk, request.user)
    proposal = queries.proposal(parent.proposal_id, request.user)
    parent.proposal = proposal
    return _post_comment(request, proposal, lambda body: services.reply(parent, request.user, body),
                         done=_("Votre réponse est publiée."), reply_to=parent)


@login_required
@require_POST
def comment_vote(request, pk):
    """Up, down or take back (`vote`), as a plain form; back to the comment where it was."""
    comment = queries.comment(pk, request.user)
    act(request, lambda: services.vote_comment(comment, request.user, request.POST.get("vote", "")),
        _("Votre vote est enregistré."))
    return back(request, f"{comment.proposal.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def proposal_publish(request, pk):
    proposal = queries.proposal(pk, request.user)
    act(request, lambda: services.publish_draft(proposal, request.user), _("Votre proposition est publiée."))
    return redirect(proposal)


@login_required
def proposal_answer(request, pk):
    proposal = queries.proposal(pk, request.user)
    if not r.can_answer.test(request.user, proposal):
        raise PermissionDenied
    initial = {"state": proposal.answer_state or AnswerState.EVALUATING, "reason": proposal.answer}
    if proposal.project_id:
        initial["project"] = str(proposal.project_id)
    form = AnswerForm(request.POST or None, initial=initial, municipality=proposal.process.municipality)
    def answer(data):
        project, new_project = form.catalogue_choice()
        return services.answer_proposal(proposal, request.user, data["state"], data["reason"], project=project,
                                        new_project=new_project)

    if submit(request, form, answer, _("La réponse officielle est publiée.")) is not REFUSED:
        return redirect(proposal)
    return render(request, "participation/proposal_answer.html", {"proposal": proposal, "form": form})
