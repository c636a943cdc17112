"""Pages of a process: the public list and page (proposals with filters, map), following it, and its staff's
pages (creating and editing it, publishing it, its calendar of phases)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core.pages import REFUSED, act, picture_page, submit
from madina.projects.models import Sector

from .. import queries, services
from .. import rules as r
from ..charts import activity_chart
from ..forms import PhaseForm, ProcessForm
from ..models import AnswerState, Phase, Process
from ..phases import PhaseKind
from .base import follow_or_not


def process_list(request):
    return render(request, "participation/process_list.html", {
        "processes": queries.processes(), "can_create": r.can_create_process.test(request.user),
    })


def process_detail(request, slug):
    process = queries.process(slug)
    filters = queries.ProposalFilters.from_params(request.GET)
    page = Paginator(queries.proposals(process, filters), settings.PARTICIPATION_PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    page.object_list = list(page.object_list)
    supported = queries.supported_ids(user, (p.pk for p in page.object_list))
    for proposal in page.object_list:
        proposal.is_supported = proposal.pk in supported
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "phases": process.phases.all(),
            "current_phase": r.current_phase(process),
            "page": page,
            "filters": filters,
            "sectors": Sector.objects.all(),
            "answer_states": AnswerState.choices,
            "can_propose": r.can_propose.test(user, process),
            "drafts": queries.drafts_of(user, process),
            "can_support": r.is_signed_in.test(user) and r.phase_allows("support").test(user, process),
            "follows_process": queries.follows_process(user, process),
            "can_manage": r.can_manage_process.test(user, process),
            "activity": activity_chart(queries.activity_by_week(process)),
        },
    )


def process_points(request, slug):
    return JsonResponse(queries.proposal_points(queries.process(slug)), content_type="application/geo+json")


def process_outline(request, slug):
    municipality = queries.process(slug).municipality
    features = []
    if municipality.geometry:
        features.append({"type": "Feature", "geometry": municipality.geometry, "properties": {"name": municipality.name}})
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")


@login_required
@require_POST
def process_follow(request, slug):
    return follow_or_not(request, queries.process(slug), followed_now=_("Vous serez prévenu du début de chaque phase."),
                         no_longer=_("Vous ne suivez plus cette concertation."))


# Setting up a process (municipal and governorate staff, organisers) --------------------------------------------


def _managed_process(request, slug) -> Process:
    process = queries.process_for_staff(slug)
    if not r.can_manage_process.test(request.user, process):
        raise PermissionDenied
    return process


def _managed_phase(request, pk) -> Phase:
    phase = queries.phase_for_staff(pk)
    if not r.can_manage_process.test(request.user, phase.process):
        raise PermissionDenied
    return phase


@login_required
def process_create(request):
    if not r.can_create_process.test(request.user):
        raise PermissionDenied
    form = ProcessForm(request.POST or None, municipalities=queries.managed_municipalities(request.user))

    def create(data):
        fields = form.process_fields()
        return services.create_process(request.user, municipality=data["municipality"], is_published=False,
                                       slug=services.unused_slug(fields["title"]), **fields)

    process = submit(request, form, create,
                     _("La concertation est créée en brouillon : ajoutez ses phases, puis publiez-la."))
    if process is not REFUSED:
        return redirect("participation:process_manage", slug=process.slug)
    return render(request, "participation/process_form.html", {"form": form, "creating": True})


def _manage_page(request, process: Process, phase_form: PhaseForm, status=200):
    phases = list(process.phases.all())
    return render(request, "participation/process_manage.html", {
        "process": process,
        "phases": phases,
        "current_phase": process.current_phase(),
        "phase_form": phase_form,
        "has_budget_vote": process.phase_of_kind(PhaseKind.BUDGET_VOTE) is not None,
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
    saved = submit(request, form, lambda data: services.edit_process(process, request.user, **form.process_fields()),
                   _("La concertation est modifiée."))
    if saved is not REFUSED:
        return redirect("participation:process_manage", slug=process.slug)
    return render(request, "participation/process_form.html", {"form": form, "process": process, "creating": False})


@login_required
def process_picture(request, slug):
    process = _managed_process(request, slug)
    return picture_page(
        request, save=lambda **change: services.set_picture(process, request.user, **change), current=process.image,
        heading=_("Image de la concertation : %(title)s") % {"title": process.title},
        back=reverse("participation:process_manage", kwargs={"slug": process.slug}),
        alt=process.image_alt, success=_("L'image de la concertation est enregistrée."),
    )


@login_required
@require_POST
def process_publish(request, slug):
    process = _managed_process(request, slug)
    published = request.POST.get("action") == "publish"
    act(request, lambda: services.set_published(process, request.user, published),
        _("La concertation est publiée.") if published else
        _("La concertation est retirée du site : elle redevient un brouillon."))
    return redirect("participation:process_manage", slug=process.slug)


@login_required
@require_POST
def phase_add(request, slug):
    """On an error the management page comes back with the form as typed and the errors next to the fields."""
    process = _managed_process(request, slug)
    form = PhaseForm(request.POST)
    added = submit(request, form, lambda data: services.add_phase(process, request.user, **data),
                   _("La phase est ajoutée au calendrier."))
    if added is not REFUSED:
        return redirect("participation:process_manage", slug=process.slug)
    return _manage_page(request, process, form, status=400)


@login_required
def phase_edit(request, pk):
    phase = _managed_phase(request, pk)
    form = PhaseForm(request.POST or None, initial={
        "kind": phase.kind, "starts_at": phase.starts_at, "ends_at": phase.ends_at,
    })
    saved = submit(request, form, lambda data: services.edit_phase(phase, request.user, **data),
                   _("La phase est modifiée."))
    if saved is not REFUSED:
        return redirect("participation:process_manage", slug=phase.process.slug)
    return render(request, "participation/phase_form.html", {"form": form, "phase": phase, "process": phase.process})


@login_required
def phase_delete(request, pk):
    phase = _managed_phase(request, pk)
    if request.method == "POST":
        act(request, lambda: services.delete_phase(phase, request.user), _("La phase est retirée du calendrier."))
        return redirect("participation:process_manage", slug=phase.process.slug)
    return render(request, "participation/phase_delete.html", {"phase": phase, "process": phase.process})
