"""Public pages of the PPP catalogue: the investor list with its filters and map, a project's investor view
and documents, project sheets (PDF, and a ZIP of them for a filtered list)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from madina.core import media
from madina.projects import queries as project_queries

from . import queries, sheets
from .forms import InterestForm, InvestorFilterForm
from .interests import company_of
from .media import document as document_served
from .models import InvestorDocument, Screening, SoundingAnswer
from .rules import follows_up

PAGE_SIZE = 20
ZIP_MAX = 100
"""Sheets in one ZIP: a roadshow's worth; a longer list is narrowed with the filters."""


def _filters(request):
    filters = queries.active_filters(request.GET)
    return filters, {"filters": filters, "filter_form": InvestorFilterForm(request.GET or None),
                     "query_string": urlencode(filters)}


@require_GET
def catalogue(request):
    filters, context = _filters(request)
    listed = queries.investor_catalogue(filters)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    points = reverse("ppp:map_points") + (f"?{context['query_string']}" if filters else "")
    context.update({"page": page, "screenings": page.object_list, "zip_max": ZIP_MAX, "points_url": points})
    return render(request, "ppp/catalogue.html", context)


@require_GET
def map_points(request):
    features = queries.map_points(queries.active_filters(request.GET))
    response = JsonResponse({"type": "FeatureCollection", "features": features},
                            json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
def investor(request, pk):
    screening = queries.investor_view(pk)
    user = request.user
    company = company_of(user)
    may_follow_up = follows_up.test(user, screening)
    own = [i for i in queries.interests_for(user, screening) if company and i.company_id == company.pk]
    rounds = list(screening.rounds.all()) if own or may_follow_up else []
    answered = set(SoundingAnswer.objects.filter(round__in=rounds, company=company).values_list("round_id", flat=True)) \
        if company else set()
    return render(request, "ppp/investor.html", {
        "screening": screening, "project": screening.project, "documents": queries.documents_for(user, screening),
        "company": company, "own_interest": own[0] if own else None, "rounds": rounds, "answered": answered,
        "interest_form": InterestForm() if company and not own else None,
        "may_follow_up": may_follow_up,
    })


@require_GET
def document(request, pk, document):
    item = get_object_or_404(InvestorDocument.objects.select_related("screening__project__municipality"),
                             pk=document, screening__project_id=pk)
    return media.respond(request, item.file.name, document_served(request.user, item))


def _language() -> str:
    return (get_language() or "fr")[:2]


@require_GET
def sheet(request, pk):
    """`/projets/<id>/fiche.pdf`: any catalogue project's sheet, with its PPP figures once open to investors."""
    project = get_object_or_404(project_queries.with_funding(project_queries.catalogue({})), pk=pk)
    screening = Screening.objects.filter(project=project).first()
    language = _language()
    response = HttpResponse(sheets.sheet_pdf(project, screening, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sheets.filename(project, language)}"'
    response["Content-Language"] = language
    return response


@require_GET
def sheets_zip(request):
    """The sheets of the filtered catalogue in one ZIP, for a roadshow."""
    listed = list(queries.with_sheet_parts(queries.investor_catalogue(queries.active_filters(request.GET)))
                  [:ZIP_MAX + 1])
    if not listed or len(listed) > ZIP_MAX:
        raise Http404
    language = _language()
    response = HttpResponse(sheets.sheets_zip(listed, language), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="madina-fiches-ppp-{language}.zip"'
    return response
