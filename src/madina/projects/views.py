import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from madina.accounts.rules import is_organiser, is_staff_member
from madina.caravan.models import Stop
from madina.territory import queries as territory_queries

from . import exports, queries, services
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
from .models import PIPELINE, Attachment, FundingSource, Milestone, Organisation, Project, Stage

PAGE_SIZE = 25


def _filter_context(request):
    filters = queries.active_filters(request.GET)
    return filters, {
        "filters": filters,
        "options": queries.filter_options(),
        "stages": Stage.choices,
        "funding_sources": FundingSource.choices,
        "query_string": urlencode(filters),
    }


@require_GET
def catalogue(request):
    """The public list: filters in the query string, so every view of it is a link; the map is extra."""
    filters, context = _filter_context(request)
    page = Paginator(queries.catalogue(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"page": page, "projects": page.object_list, "map_bounds": queries.map_bounds(filters)})
    return render(request, "projects/catalogue.html", context)


@require_GET
def map_points(request):
    """Compact GeoJSON for the catalogue map: a point, an id, a title and a stage per project; or, when the map
    asks for an area holding too many of them and says its grid size (`cell`, in degrees), one point per grid
    cell with the number of projects in it (`n`)."""
    filters = queries.active_filters(request.GET)
    bbox = queries.BBox.parse(request.GET.get("bbox"))
    cell = _positive_float(request.GET.get("cell"))
    cells = queries.map_cells(filters, bbox, cell) if bbox and cell else None
    if cells is not None:
        features = [
            {"type": "Feature", "id": pk, "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": {"n": n} if n > 1 else {"t": t}}
            for n, lon, lat, pk, t in cells
        ]
    else:
        features = [
            {"type": "Feature", "id": pk, "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {"t": t, "s": s}}
            for pk, lon, lat, t, s in queries.map_points(filters, bbox)
        ]
    response = JsonResponse({"type": "FeatureCollection", "features": features}, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    return response


def _positive_float(text) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 90 else None


@require_GET
def summary(request):
    filters, context = _filter_context(request)
    data = queries.national_summary(filters)
    charts = []
    for key, title in (
        ("by_governorate", _("Par gouvernorat")),
        ("by_sector", _("Par secteur")),
        ("by_stage", _("Par étape")),
    ):
        rows = data[key]
        charts.append({
            "key": key,
            "title": title,
            "rows": rows,
            "max_count": max((r.count for r in rows), default=0),
            "max_cost": max((r.cost for r in rows), default=0),
        })
    context.update({"summary": data, "charts": charts})
    return render(request, "projects/summary.html", context)


def _export_queryset(request):
    return queries.with_funding(queries.catalogue(queries.active_filters(request.GET)))


class _Echo:
    """A file-like object csv.writer can write to, handing each line back for streaming."""

    def write(self, value):
        return value


@require_GET
def export_csv(request):
    writer = csv.writer(_Echo())
    stream = (writer.writerow(row) for row in exports.rows(exports.iterate(_export_queryset(request))))
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="madina-projets.csv"'
    return response


def _with_bom(stream):
    """A byte-order mark first, so spreadsheet programs read the Arabic titles as UTF-8."""
    yield "\ufeff"
    yield from stream


@require_GET
def export_xlsx(request):
    content = exports.to_xlsx(exports.iterate(_export_queryset(request)))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="madina-projets.xlsx"'
    return response


@require_GET
def export_geojson(request):
    response = StreamingHttpResponse(
        exports.geojson_chunks(exports.iterate(_export_queryset(request))), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="madina-projets.geojson"'
    return response


def _project_or_404(pk):
    try:
        return queries.project_page(pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def detail(request, pk):
    project = _project_or_404(pk)
    user = request.user
    can_manage = project_rules.manages_project.test(user, project)
    next_stages = project_rules.allowed_next_stages(user, project) if user.is_authenticated else []
    context = {
        "project": project,
        "pipeline": PIPELINE,
        "pipeline_index": PIPELINE.index(project.stage) if project.stage in PIPELINE else None,
        "can_manage": can_manage,
        "can_see_contacts": user.has_perm("projects.see_contacts", project),
        "can_score": project_rules.oversees_project.test(user, project),
        "is_following": queries.followed_by(user, project),
        "photos": [a for a in project.attachments.all() if a.kind == "photo"],
        "documents": [a for a in project.attachments.all() if a.kind == "document"],
    }
    if next_stages:
        context["transition_form"] = TransitionForm(stages=next_stages, initial={"effective_date": timezone.localdate()})
    return render(request, "projects/detail.html", context)


def _managed_municipalities(user):
    return territory_queries.managed_municipalities(user).order_by("name")


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def create(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    return _project_form(request, None)


@login_required
def edit(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    if not project_rules.manages_project.test(request.user, project):
        raise PermissionDenied
    return _project_form(request, project)


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
    if request.method == "POST" and form.is_valid() and funding.is_valid():
        try:
            with transaction.atomic():
                if project is None:
                    saved = services.create_project(request.user, **form.service_data())
                else:
                    saved = project
                    services.update_project(project, request.user, **form.service_data())
                services.set_funding_plan(saved, request.user, _funding_lines(funding))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Projet enregistré.") if project is None else _("Projet mis à jour."))
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
        try:
            services.transition(
                project, data["to_stage"], request.user, data["note"], effective_date=data["effective_date"],
                merged_into=merged_into,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Étape changée."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(project)


@login_required
def track(request, pk):
    """Milestones, progress and files: what municipal staff update as the works go on."""
    project = _project_or_404(pk)
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
            milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), project=project)
            services.reach_milestone(milestone, request.user, today)
            messages.success(request, _("Jalon marqué comme atteint."))
            return redirect("projects:track", pk=project.pk)
        else:
            raise Http404
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Enregistré."))
                return redirect("projects:track", pk=project.pk)
    return render(request, "projects/track.html", {"project": project, "forms": forms_})


def _promoter_rows(project):
    return [
        {"name": link.organisation.name, "kind": link.organisation.kind, "website": link.organisation.website,
         "is_lead": link.is_lead}
        for link in project.promoter_links.all()
    ]


def _formset_error(formset, exc: ValidationError):
    """A service's refusal shown on the row it is about (keys like "promoter-2"), or above the table."""
    for key, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
        index = key.rsplit("-", 1)[-1] if key else ""
        if index.isdigit() and int(index) < len(formset.forms):
            formset.forms[int(index)].add_error(None, errors)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *ValidationError(errors).messages])


@login_required
def promoters(request, pk):
    """Who carries the project and whom to call: municipal staff of its municipality, governorate staff, organisers.
    Two forms on one page, each saved on its own, so what is typed in one is never lost to an error in the other."""
    project = _project_or_404(pk)
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
        form_kwargs={"organisations": organisations},
    )
    if action == "promoters" and promoter_set.is_valid():
        try:
            services.record_promoters(project, request.user, promoter_set.rows())
        except ValidationError as exc:
            _formset_error(promoter_set, exc)
        else:
            messages.success(request, _("Promoteurs enregistrés."))
            return redirect("projects:promoters", pk=project.pk)
    elif action == "contacts" and contact_set.is_valid():
        try:
            with transaction.atomic():
                _save_contacts(project, request.user, contact_set)
        except ValidationError as exc:
            _formset_error(contact_set, exc)
        else:
            messages.success(request, _("Contacts enregistrés."))
            return redirect("projects:promoters", pk=project.pk)
    elif action not in (None, "promoters", "contacts"):
        raise Http404
    return render(request, "projects/promoters.html", {
        "project": project, "promoter_set": promoter_set, "contact_set": contact_set,
    })


def _save_contacts(project, user, formset):
    """Each row added, corrected or removed through its service; a refusal names the row."""
    existing = {c.pk: c for c in project.contacts.all()}
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        contact = existing.get(data.get("contact"))
        try:
            if data.get("DELETE"):
                if contact:
                    services.remove_contact(contact, user)
            elif contact:
                services.update_contact(contact, user, **form.service_data())
            elif not form.is_blank():
                services.add_contact(project, user, **form.service_data())
        except ValidationError as exc:
            raise ValidationError({f"contact-{index}": exc.messages}) from exc


@require_GET
def attachment(request, pk, attachment):
    item = get_object_or_404(Attachment, pk=attachment, project_id=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=item.kind == "document", filename=item.file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_POST
def follow(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if request.POST.get("follow") == "0":
        services.unfollow(project, request.user)
        messages.success(request, _("Vous ne suivez plus ce projet."))
    else:
        services.follow(project, request.user, language=request.LANGUAGE_CODE)
        messages.success(request, _("Vous suivez ce projet : un e-mail vous dira quand il change d'étape."))
    return redirect(project)


@login_required
def score(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    if not project_rules.oversees_project.test(request.user, project):
        raise PermissionDenied
    criteria = queries.criteria()
    current = dict(project.scores.filter(evaluator=request.user).values_list("criterion_id", "value"))
    form = ScoreForm(request.POST or None, criteria=criteria, current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for criterion, value in form.scores():
                services.score_project(project, request.user, criterion, value)
        messages.success(request, _("Notes enregistrées."))
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
        raw = source.get(f"w_{criterion.code}")
        if raw not in (None, "") and raw.isdigit() and int(raw) <= 100:
            trial[criterion.pk] = int(raw)
    if request.method == "POST":
        try:
            services.set_criteria_weights(request.user, {c.code: trial[c.pk] for c in criteria if c.pk in trial})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Nouveaux poids adoptés."))
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
    formset = WorkshopFormSet(request.POST or None, prefix="p", form_kwargs={"perimeters": perimeters})
    if request.method == "POST" and formset.is_valid():
        rows = [f.service_data() for f in formset.forms if f.has_changed() and not f.is_blank()]
        if not rows:
            formset._non_form_errors = formset.error_class([_("Aucun projet saisi.")])
        else:
            try:
                created = services.capture_workshop(stop, request.user, rows)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, _("%(n)d projets enregistrés pour cette étape.") % {"n": len(created)})
                return redirect(reverse("projects:workshop", kwargs={"edition": edition, "order": order}) + "?saved=1")
    recent = stop.projects.select_related("sector").order_by("-created_at")[:50]
    return render(request, "projects/workshop.html", {
        "stop": stop, "formset": formset, "recent": recent, "saved": request.GET.get("saved") == "1",
    })
