"""Public pages of the catalogue: the list with its filters and map, the national summary, the exports, a
project's page and files; following a project. Staff pages (editing, the pipeline, follow-up, scoring, workshop
capture) are views_staff.py."""


from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from madina.core import exports as core_exports
from madina.core import media
from madina.core.pages import act
from madina.indicators.rules import may_enter_values_of

from . import charts, exports, queries, services
from . import media as project_media
from . import rules as project_rules
from .forms import CatalogueFilterForm, TransitionForm
from .models import PIPELINE, Attachment, Project

PAGE_SIZE = 25


def _filter_context(request):
    filters = queries.active_filters(request.GET)
    return filters, {
        "filters": filters,
        "filter_form": CatalogueFilterForm(request.GET or None, options=queries.filter_options()),
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
    context.update({"summary": data, "charts": charts.summary_charts(data)})
    return render(request, "projects/summary.html", context)


def _export_queryset(request):
    return queries.with_funding(queries.catalogue(queries.active_filters(request.GET)))


@require_GET
def export_csv(request):
    return core_exports.csv_response("madina-projets.csv", exports.rows(exports.iterate(_export_queryset(request))))


@require_GET
def export_xlsx(request):
    return core_exports.xlsx_response(
        "madina-projets.xlsx", _("Projets"), exports.xlsx_rows(exports.iterate(_export_queryset(request)))
    )


@require_GET
def export_geojson(request):
    response = StreamingHttpResponse(
        exports.geojson_chunks(exports.iterate(_export_queryset(request))), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="madina-projets.geojson"'
    return response


@require_GET
def detail(request, pk):
    project = queries.project_page(pk)
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
        "can_aim": may_enter_values_of.test(user, project.municipality),
        "is_following": queries.followed_by(user, project),
        "photos": [a for a in project.attachments.all() if a.kind == "photo"],
        "documents": [a for a in project.attachments.all() if a.kind == "document"],
    }
    if next_stages:
        context["transition_form"] = TransitionForm(stages=next_stages, initial={"effective_date": timezone.localdate()})
    return render(request, "projects/detail.html", context)


@require_GET
def attachment(request, pk, attachment):
    item = get_object_or_404(Attachment, pk=attachment, project_id=pk)
    return media.respond(request, item.file.name, project_media.served(item), width=media.width(request))


@login_required
@require_POST
def follow(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if request.POST.get("follow") == "0":
        act(request, lambda: services.unfollow(project, request.user), _("Vous ne suivez plus ce projet."))
    else:
        act(request, lambda: services.follow(project, request.user),
            _("Vous suivez ce projet : un e-mail vous dira quand il change d'étape."))
    return redirect(project)
