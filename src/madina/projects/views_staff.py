"""Staff pages of the catalogue: recording and editing projects with their funding plan, moving them along the
pipeline, the follow-up (milestones, progress, files, promoters, contacts), scoring and ranking, and the fast
capture of a caravan workshop. Every write goes through services.py, which checks the permission again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.accounts.rules import is_organiser, is_staff_member
from madina.caravan.models import Stop
from madina.core.errors import ServiceError
from madina.core.pages import REFUSED, act, picture_page, submit
from madina.core.text import whole_number
from madina.territory import queries as territory_queries

from . import queries, services
from . import rules as project_rules
from .forms import (
    AttachmentForm,
    ContactForm,
    ContactFormSet,
    FundingFormSet,
    MilestoneForm,
    ProgressForm,
    ProjectForm,
    PromoterFormSet,
    ScoreForm,
    TransitionForm,
    WorkshopFormSet,
)
from .models import Milestone, Organisation, Project


def _positive_int(text) -> int | None:
    return whole_number(text, digits=11)


def _managed_municipalities(user):
    return territory_queries.managed_municipalities(user).order_by("name")


@login_required
def create(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    return _project_form(request, None)


def _managed_project(request, pk) -> Project:
    """The project, for those who manage it (403 otherwise, 404 for none)."""
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    if not project_rules.manages_project.test(request.user, project):
        raise PermissionDenied
    return project


@login_required
def edit(request, pk):
    return _project_form(request, _managed_project(request, pk))


@login_required
def picture(request, pk):
    project = _managed_project(request, pk)
    return picture_page(
        request, save=lambda **change: services.set_picture(project, request.user, **change), current=project.image,
        heading=_("Image du projet : %(title)s") % {"title": project.title}, back=project.get_absolute_url(),
        alt=project.image_alt, success=_("L'image du projet est enregistrée."),
    )


def _project_form(request, project: Project | None):
    """The form of a new project (`project` None) or of an existing one: its description and funding plan,
    saved together or not at all."""
    initial = ProjectForm.initial_for(project) if project is not None else None
    form = ProjectForm(request.POST or None, initial=initial, municipalities=_managed_municipalities(request.user))
    funding_initial = (
        [{"source": f.source, "amount_tnd": f.amount_tnd, "note": f.note} for f in project.funding_lines.all()]
        if project is not None else None
    )
    funding = FundingFormSet(request.POST or None, prefix="funding", initial=funding_initial)
    saved = submit(
        request, form,
        lambda data: services.save_project(project, request.user, funding=_funding_lines(funding), **form.service_data()),
        _("Projet enregistré.") if project is None else _("Projet mis à jour."),
    ) if funding.is_valid() else REFUSED
    if saved is not REFUSED:
        return redirect(saved)
    return render(request, "projects/form.html", {"form": form, "funding": funding, "project": project})


def _funding_lines(formset):
    return [
        (f.cleaned_data["source"], f.cleaned_data["amount_tnd"], f.cleaned_data.get("note", ""))
        for f in formset.forms
        if f.cleaned_data.get("source")
    ]


@login_required
@require_POST
def transition(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    stages = project_rules.allowed_next_stages(request.user, project)
    if not stages:
        raise PermissionDenied
    form = TransitionForm(request.POST, stages=stages)
    if form.is_valid():
        data = form.cleaned_data
        merged_into = Project.objects.filter(pk=data["merged_into"]).first() if data.get("merged_into") else None
        act(request, lambda: services.transition(project, data["to_stage"], request.user, data["note"],
                                                 effective_date=data["effective_date"], merged_into=merged_into),
            _("Étape changée."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(project)


@login_required
def track(request, pk):
    """Milestones, progress and files: what municipal staff update as the works go on."""
    project = queries.project_page(pk)
    if not project_rules.manages_project.test(request.user, project):
        raise PermissionDenied
    today = timezone.localdate()
    forms_ = {
        "milestone": MilestoneForm(prefix="milestone"),
        "progress": ProgressForm(prefix="progress", initial={
            "reported_on": today, "physical": project.physical_progress, "financial": project.financial_progress,
        }),
        "attachment": AttachmentForm(prefix="attachment"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "milestone":
            form = forms_["milestone"] = MilestoneForm(request.POST, prefix="milestone")
            call = lambda d: services.add_milestone(project, request.user, **d)  # noqa: E731
        elif action == "progress":
            form = forms_["progress"] = ProgressForm(request.POST, prefix="progress")
            call = lambda d: services.record_progress(project, request.user, **d)  # noqa: E731
        elif action == "attachment":
            form = forms_["attachment"] = AttachmentForm(request.POST, request.FILES, prefix="attachment")
            call = lambda d: services.add_attachment(project, request.user, **d)  # noqa: E731
        elif action == "reach":
            milestone = get_object_or_404(Milestone, pk=_positive_int(request.POST.get("milestone")), project=project)
            act(request, lambda: services.reach_milestone(milestone, request.user, today),
                _("Jalon marqué comme atteint."))
            return redirect("projects:track", pk=project.pk)
        else:
            raise Http404
        if submit(request, form, call, _("Enregistré.")) is not REFUSED:
            return redirect("projects:track", pk=project.pk)
    return render(request, "projects/track.html", {"project": project, "forms": forms_})


def _promoter_rows(project):
    return [
        {"name": link.organisation.name, "kind": link.organisation.kind, "website": link.organisation.website,
         "is_lead": link.is_lead}
        for link in project.promoter_links.all()
    ]


def _formset_error(formset, error: ServiceError):
    """A service's refusal shown on the row it is about (keys like "promoter-2"), or above the table."""
    for key, messages_ in error.errors.items():
        index = whole_number(key.rsplit("-", 1)[-1])
        if index is not None and index < len(formset.forms):
            formset.forms[index].add_error(None, messages_)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *messages_])


@login_required
def promoters(request, pk):
    """Who carries the project and whom to call: municipal staff of its municipality, governorate staff, organisers.
    Two forms on one page, each saved on its own, so what is typed in one is never lost to an error in the other."""
    project = queries.project_page(pk)
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    organisations = Organisation.objects.filter(
        pk__in=[link.organisation_id for link in project.promoter_links.all()]
        + [c.organisation_id for c in project.contacts.all() if c.organisation_id]
    )
    action = request.POST.get("action") if request.method == "POST" else None
    promoter_set = PromoterFormSet(
        request.POST if action == "promoters" else None, prefix="promoter",
        initial=None if action == "promoters" else _promoter_rows(project),
    )
    contact_set = ContactFormSet(
        request.POST if action == "contacts" else None, prefix="contact",
        initial=None if action == "contacts" else [ContactForm.initial_for(c) for c in project.contacts.all()],
        form_kwargs={"querysets": {"organisation": organisations}},
    )
    if action == "promoters" and promoter_set.is_valid():
        try:
            services.record_promoters(project, request.user, promoter_set.rows())
        except ServiceError as error:
            _formset_error(promoter_set, error)
        else:
            messages.success(request, _("Promoteurs enregistrés."))
            return redirect("projects:promoters", pk=project.pk)
    elif action == "contacts" and contact_set.is_valid():
        try:
            services.save_contacts(project, request.user, [
                {"contact": f.cleaned_data.get("contact"), "DELETE": f.cleaned_data.get("DELETE"), **f.service_data()}
                for f in contact_set.forms
            ])
        except ServiceError as error:
            _formset_error(contact_set, error)
        else:
            messages.success(request, _("Contacts enregistrés."))
            return redirect("projects:promoters", pk=project.pk)
    elif action not in (None, "promoters", "contacts"):
        raise Http404
    return render(request, "projects/promoters.html", {
        "project": project, "promoter_set": promoter_set, "contact_set": contact_set,
    })


@login_required
def score(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    if not project_rules.oversees_project.test(request.user, project):
        raise PermissionDenied
    criteria = queries.criteria()
    current = dict(project.scores.filter(evaluator=request.user).values_list("criterion_id", "value"))
    form = ScoreForm(request.POST or None, criteria=criteria, current=current)
    if submit(request, form, lambda data: services.record_scores(project, request.user, list(form.scores())),
              _("Notes enregistrées.")) is not REFUSED:
        return redirect(project)
    return render(request, "projects/score.html", {"project": project, "form": form})


@login_required
def ranking(request):
    """The ranking under the adopted weights and under the weights typed in the form, side by side."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    criteria = queries.criteria()
    source = request.POST if request.method == "POST" else request.GET
    trial = {}
    for criterion in criteria:
        weight = whole_number(source.get(f"w_{criterion.code}"))
        if weight is not None and weight <= 100:
            trial[criterion.pk] = weight
    if request.method == "POST":
        act(request, lambda: services.set_criteria_weights(request.user, {c.code: trial[c.pk] for c in criteria
                                                                          if c.pk in trial}),
            _("Nouveaux poids adoptés."))
        return redirect("projects:ranking")
    filters = queries.active_filters(request.GET)
    rows = [{"criterion": c, "trial": trial.get(c.pk, c.weight)} for c in criteria]
    return render(request, "projects/ranking.html", {
        "ranked": queries.ranking(trial, filters),
        "weights": rows,
        "can_adopt": is_organiser(request.user),
        "trial_query": urlencode({f"w_{r['criterion'].code}": r["trial"] for r in rows}),
    })


@login_required
def workshop_stops(request):
    """The stops where this person may record projects (their municipalities, published editions first)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    stops = Stop.objects.filter(municipality__in=_managed_municipalities(request.user)).select_related(
        "edition", "municipality"
    ).order_by("-edition__start_date", "order")
    return render(request, "projects/workshop_stops.html", {"stops": stops})


@login_required
def workshop(request, edition, order):
    """Fast capture during a caravan workshop: several projects in one form, saved together."""
    stop = get_object_or_404(Stop.objects.select_related("edition", "municipality"), edition__slug=edition, order=order)
    probe = Project(municipality=stop.municipality) if stop.municipality_id else None
    if probe is None or not project_rules.manages_project.test(request.user, probe):
        raise PermissionDenied
    perimeters = stop.municipality.perimeters.all()
    formset = WorkshopFormSet(request.POST or None, prefix="p", form_kwargs={"querysets": {"perimeter": perimeters}})
    if request.method == "POST" and formset.is_valid():
        rows = [f.service_data() for f in formset.forms if f.has_changed() and not f.is_blank()]
        if not rows:
            formset._non_form_errors = formset.error_class([_("Aucun projet saisi.")])
        else:
            try:
                created = services.capture_workshop(stop, request.user, rows)
            except ServiceError as error:
                formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(request, _("%(n)d projets enregistrés pour cette étape.") % {"n": len(created)})
                return redirect(reverse("projects:workshop", kwargs={"edition": edition, "order": order}) + "?saved=1")
    recent = stop.projects.select_related("sector").order_by("-created_at")[:50]
    return render(request, "projects/workshop.html", {
        "stop": stop, "formset": formset, "recent": recent, "saved": request.GET.get("saved") == "1",
    })
