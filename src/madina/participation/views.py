"""Pages of the co-construction. Every page and every button works as a plain form; htmx only spares a reload
on support buttons. Views read through queries.py, write through services.py and ask rules.py who may act."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.projects.models import Sector

from . import notifications, queries, services
from . import rules as r
from .errors import ParticipationError
from .forms import (
    AnswerForm,
    CommentForm,
    EndorseForm,
    ImagesForm,
    ModerationForm,
    PhaseForm,
    ProcessForm,
    ProposalForm,
    ReportForm,
)
from .models import AnswerState, Comment, Phase, Process, Proposal
from .phases import PhaseKind


def _process_or_404(slug) -> Process:
    try:
        return queries.process(slug)
    except Process.DoesNotExist as exc:
        raise Http404 from exc


def _proposal_or_404(pk) -> Proposal:
    try:
        return queries.proposal(pk)
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


def _comment_or_404(pk) -> Comment:
    try:
        return queries.comment(pk)
    except Comment.DoesNotExist as exc:
        raise Http404 from exc


def _back(request, default: str):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _failed(request, error: ParticipationError):
    messages.error(request, error.message)


# Processes -----------------------------------------------------------------------------------------------------


def process_list(request):
    return render(request, "participation/process_list.html", {
        "processes": queries.processes(), "can_create": r.can_create_process.test(request.user),
    })


def process_detail(request, slug):
    process = _process_or_404(slug)
    filters = queries.ProposalFilters.from_params(request.GET)
    page = Paginator(queries.proposals(process, filters), settings.PARTICIPATION_PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    page.object_list = list(page.object_list)
    supported = queries.supported_ids(user, (p.pk for p in page.object_list))
    for proposal in page.object_list:
        proposal.is_supported = proposal.pk in supported
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "phases": process.phases.all(),
            "current_phase": r.current_phase(process),
            "page": page,
            "filters": filters,
            "query_string": params.urlencode(),
            "sectors": Sector.objects.all(),
            "answer_states": AnswerState.choices,
            "can_propose": r.can_propose.test(user, process),
            "can_support": r.is_authenticated.test(user) and r.phase_allows("support").test(user, process),
            "follows_process": queries.follows_process(user, process),
            "can_manage": r.can_manage_process.test(user, process),
        },
    )


def process_points(request, slug):
    return JsonResponse(queries.proposal_points(_process_or_404(slug)), content_type="application/geo+json")


def process_outline(request, slug):
    municipality = _process_or_404(slug).municipality
    features = []
    if municipality.geometry:
        features.append({"type": "Feature", "geometry": municipality.geometry, "properties": {"name": municipality.name}})
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")


@login_required
@require_POST
def process_follow(request, slug):
    process = _process_or_404(slug)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow_process(process, request.user)
            messages.success(request, _("Vous ne suivez plus cette concertation."))
        else:
            services.follow_process(process, request.user)
            messages.success(request, _("Vous serez prévenu du début de chaque phase."))
    except ParticipationError as error:
        _failed(request, error)
    return redirect(process)


# Setting up a process (municipal and governorate staff, organisers) --------------------------------------------


def _managed_process(request, slug) -> Process:
    try:
        process = queries.process_for_staff(slug)
    except Process.DoesNotExist as exc:
        raise Http404 from exc
    if not r.can_manage_process.test(request.user, process):
        raise PermissionDenied
    return process


def _managed_phase(request, pk) -> Phase:
    try:
        phase = queries.phase_for_staff(pk)
    except Phase.DoesNotExist as exc:
        raise Http404 from exc
    if not r.can_manage_process.test(request.user, phase.process):
        raise PermissionDenied
    return phase


@login_required
def process_create(request):
    if not r.can_create_process.test(request.user):
        raise PermissionDenied
    form = ProcessForm(request.POST or None, municipalities=queries.managed_municipalities(request.user))
    if request.method == "POST" and form.is_valid():
        fields = form.process_fields()
        try:
            process = services.create_process(
                municipality=form.cleaned_data["municipality"], slug=services.unused_slug(fields["title"]),
                created_by=request.user, is_published=False, **fields,
            )
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La concertation est créée en brouillon : ajoutez ses phases, puis publiez-la."))
            return redirect("participation:process_manage", slug=process.slug)
    return render(request, "participation/process_form.html", {"form": form, "creating": True})


def _manage_page(request, process: Process, phase_form: PhaseForm, status=200):
    phases = list(process.phases.all())
    return render(request, "participation/process_manage.html", {
        "process": process,
        "phases": phases,
        "current_phase": process.current_phase(),
        "phase_form": phase_form,
        "has_budget_vote": any(p.kind == PhaseKind.BUDGET_VOTE for p in phases),
    }, status=status)


@login_required
def process_manage(request, slug):
    process = _managed_process(request, slug)
    return _manage_page(request, process, PhaseForm())


@login_required
def process_edit(request, slug):
    process = _managed_process(request, slug)
    initial = {
        f"{name}_{lang}": getattr(process, f"{name}_{lang}") or ""
        for name in ("title", "description") for lang in ("fr", "ar", "en")
    }
    initial.update(perimeter=process.perimeter_id, project=process.project_id)
    form = ProcessForm(request.POST or None, initial=initial, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_process(process, request.user, **form.process_fields())
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La concertation est modifiée."))
            return redirect("participation:process_manage", slug=process.slug)
    return render(request, "participation/process_form.html", {"form": form, "process": process, "creating": False})


@login_required
@require_POST
def process_publish(request, slug):
    process = _managed_process(request, slug)
    published = request.POST.get("action") == "publish"
    services.set_published(process, request.user, published)
    messages.success(request, _("La concertation est publiée.") if published else
                     _("La concertation est retirée du site : elle redevient un brouillon."))
    return redirect("participation:process_manage", slug=process.slug)


@login_required
@require_POST
def phase_add(request, slug):
    """On an error the management page comes back with the form as typed and the errors next to the fields."""
    process = _managed_process(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.add_phase(process, **form.cleaned_data, user=request.user)
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La phase est ajoutée au calendrier."))
            return redirect("participation:process_manage", slug=process.slug)
    return _manage_page(request, process, form, status=400)


@login_required
def phase_edit(request, pk):
    phase = _managed_phase(request, pk)
    form = PhaseForm(request.POST or None, initial={
        "kind": phase.kind, "starts_at": phase.starts_at, "ends_at": phase.ends_at,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_phase(phase, request.user, **form.cleaned_data)
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La phase est modifiée."))
            return redirect("participation:process_manage", slug=phase.process.slug)
    return render(request, "participation/phase_form.html", {"form": form, "phase": phase, "process": phase.process})


@login_required
def phase_delete(request, pk):
    phase = _managed_phase(request, pk)
    if request.method == "POST":
        try:
            services.delete_phase(phase, request.user)
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("La phase est retirée du calendrier."))
        return redirect("participation:process_manage", slug=phase.process.slug)
    return render(request, "participation/phase_delete.html", {"phase": phase, "process": phase.process})


# Proposals -----------------------------------------------------------------------------------------------------


@login_required
def proposal_create(request, slug):
    process = _process_or_404(slug)
    if not r.can_propose.test(request.user, process):
        messages.error(request, _("La phase en cours ne permet pas de déposer une proposition."))
        return redirect(process)
    form = ProposalForm(request.POST or None)
    images = ImagesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and images.is_valid():
        try:
            proposal = services.create_proposal(process, request.user, images=images.uploads(), **form.cleaned_data)
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Votre proposition est publiée."))
            return redirect(proposal)
    return render(
        request, "participation/proposal_form.html",
        {"process": process, "form": form, "images": images, "creating": True},
    )


@login_required
def proposal_edit(request, pk):
    proposal = _proposal_or_404(pk)
    if not r.can_edit_proposal.test(request.user, proposal):
        raise PermissionDenied
    initial = {
        "title": proposal.title, "body": proposal.body, "sector": proposal.sector,
        "latitude": proposal.latitude, "longitude": proposal.longitude,
    }
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(proposal, request.user, **form.cleaned_data)
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Votre proposition est modifiée."))
            return redirect(proposal)
    return render(
        request, "participation/proposal_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form, "creating": False},
    )


def proposal_detail(request, pk):
    proposal = _proposal_or_404(pk)
    user = request.user
    if proposal.is_hidden and not r.can_moderate.test(user, proposal) and not r.is_author.test(user, proposal):
        return render(request, "participation/proposal_hidden.html", {"proposal": proposal}, status=410)
    return render(
        request,
        "participation/proposal_detail.html",
        {
            "proposal": proposal,
            "process": proposal.process,
            "threads": queries.comment_threads(proposal),
            "relation": queries.relation(user, proposal),
            "comment_form": CommentForm(),
            "can": {
                "edit": r.can_edit_proposal.test(user, proposal),
                "withdraw": r.can_withdraw_proposal.test(user, proposal),
                "comment": r.can_comment.test(user, proposal),
                "support": r.can_support.test(user, proposal),
                "endorse": r.can_endorse.test(user, proposal),
                "answer": r.can_answer.test(user, proposal),
                "report": r.can_report.test(user, proposal),
                "moderate": r.can_moderate.test(user, proposal),
            },
        },
    )


def proposal_point(request, pk):
    proposal = _proposal_or_404(pk)
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(proposal.longitude), float(proposal.latitude)]},
        "properties": {"name": proposal.title},
    }
    return JsonResponse({"type": "FeatureCollection", "features": [feature]}, content_type="application/geo+json")


@login_required
def proposal_withdraw(request, pk):
    proposal = _proposal_or_404(pk)
    if not r.can_withdraw_proposal.test(request.user, proposal):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.withdraw_proposal(proposal, request.user)
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Votre proposition est retirée."))
        return redirect(proposal)
    return render(request, "participation/proposal_withdraw.html", {"proposal": proposal})


@login_required
@require_POST
def proposal_support(request, pk):
    proposal = _proposal_or_404(pk)
    try:
        if request.POST.get("action") == "unsupport":
            result = services.unsupport(proposal, request.user)
        else:
            result = services.support(proposal, request.user)
    except ParticipationError as error:
        if request.headers.get("HX-Request"):
            return render(request, "participation/_support.html", {
                "proposal": proposal, "supported": False, "can_support": False, "error": error.message,
                "next_url": request.POST.get("next"),
            })
        _failed(request, error)
        return _back(request, proposal.get_absolute_url())
    if request.headers.get("HX-Request"):
        return render(request, "participation/_support.html", {
            "proposal": proposal, "supported": result.supported, "can_support": True, "announce": True,
            "next_url": request.POST.get("next"),
        })
    messages.success(request, _("Soutien enregistré.") if result.supported else _("Soutien retiré."))
    return _back(request, proposal.get_absolute_url())


@login_required
@require_POST
def proposal_follow(request, pk):
    proposal = _proposal_or_404(pk)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(proposal, request.user)
            messages.success(request, _("Vous ne suivez plus cette proposition."))
        else:
            services.follow(proposal, request.user)
            messages.success(request, _("Vous suivez cette proposition."))
    except ParticipationError as error:
        _failed(request, error)
    return redirect(proposal)


@login_required
@require_POST
def proposal_endorse(request, pk):
    proposal = _proposal_or_404(pk)
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            services.endorse(proposal, request.user, form.cleaned_data["organisation"])
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Votre appui est enregistré."))
    else:
        messages.error(request, _("Indiquez au nom de quelle organisation vous appuyez cette proposition."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_comment(request, pk):
    proposal = _proposal_or_404(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            created = services.comment(proposal, request.user, form.cleaned_data["body"])
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return redirect(f"{proposal.get_absolute_url()}#comment-{created.pk}")
    else:
        messages.error(request, _("Un commentaire ne peut pas être vide."))
    return redirect(f"{proposal.get_absolute_url()}#comments")


@login_required
@require_POST
def comment_reply(request, pk):
    parent = _comment_or_404(pk)
    form = CommentForm(request.POST)
    proposal = parent.proposal
    if form.is_valid():
        try:
            created = services.reply(parent, request.user, form.cleaned_data["body"])
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Votre réponse est publiée."))
            return redirect(f"{proposal.get_absolute_url()}#comment-{created.pk}")
    else:
        messages.error(request, _("Une réponse ne peut pas être vide."))
    return redirect(f"{proposal.get_absolute_url()}#comment-{parent.pk}")


@login_required
def proposal_answer(request, pk):
    proposal = _proposal_or_404(pk)
    if not r.can_answer.test(request.user, proposal):
        raise PermissionDenied
    initial = {"state": proposal.answer_state or AnswerState.EVALUATING, "reason": proposal.answer}
    if proposal.project_id:
        initial["project"] = str(proposal.project_id)
    form = AnswerForm(request.POST or None, initial=initial, municipality=proposal.process.municipality)
    if request.method == "POST" and form.is_valid():
        project, new_project = form.catalogue_choice()
        try:
            services.answer_proposal(
                proposal, request.user, form.cleaned_data["state"], form.cleaned_data["reason"],
                project=project, new_project=new_project,
            )
        except ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La réponse officielle est publiée."))
            return redirect(proposal)
    return render(request, "participation/proposal_answer.html", {"proposal": proposal, "form": form})


# Moderation ----------------------------------------------------------------------------------------------------


def _report(request, content, proposal: Proposal):
    if not r.can_report.test(request.user, content):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(content, request.user, form.cleaned_data["reason"], form.cleaned_data["details"])
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Merci : les modérateurs vont examiner ce contenu."))
        return redirect(proposal)
    return render(request, "participation/report.html", {"form": form, "content": content, "proposal": proposal})


@login_required
def proposal_report(request, pk):
    proposal = _proposal_or_404(pk)
    return _report(request, proposal, proposal)


@login_required
def comment_report(request, pk):
    comment = _comment_or_404(pk)
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
        {"items": list(items.values()), "form": ModerationForm(), "log": queries.moderation_log()},
    )


@login_required
@require_POST
def moderate(request, kind, pk, action):
    if kind not in ("proposal", "comment"):
        raise Http404
    content = _proposal_or_404(pk) if kind == "proposal" else _comment_or_404(pk)
    do = {"hide": services.hide, "restore": services.restore, "dismiss": services.dismiss_reports}.get(action)
    if do is None:
        raise Http404
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Donnez le motif de votre décision : il est gardé au journal de modération."))
    else:
        try:
            do(content, request.user, form.cleaned_data["reason"])
        except ParticipationError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Décision enregistrée au journal de modération."))
    return _back(request, reverse("participation:moderation_queue"))


# Notifications -------------------------------------------------------------------------------------------------


@login_required
def notification_list(request):
    if request.method == "POST":
        notifications.mark_read(request.user)
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
        return redirect("participation:notifications")
    page = Paginator(queries.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "participation/notifications.html", {"page": page})
