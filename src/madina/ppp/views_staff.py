"""Pages of the municipality and the national PPP body: a project's screening (the form, the checklist, the
history, the review, investor documents, the companies' interests and the market-sounding rounds), and the
national pipeline with its exports. Every write goes through the services, which check the permission again."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from madina.core import exports
from madina.core.mail import absolute_url
from madina.core.pages import REFUSED, act, act_on, submit
from madina.projects.models import Project

from . import checklist, interests, queries, services
from .forms import AnswerForm, DocumentForm, NationalFilterForm, ReviewForm, RoundForm, ScreeningForm
from .models import READINESS, Interest, InvestorDocument, Review
from .rules import follows_up, is_reviewer, prepares


@login_required
@require_POST
def start(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality"), pk=pk)
    made = act(request, lambda: services.start_screening(project, request.user))
    return redirect(made if made is not REFUSED else project)


def _page(request, pk):
    screening = queries.screening_page(pk)
    if not follows_up.test(request.user, screening):
        raise PermissionDenied
    return screening


@login_required
def screening(request, pk):
    """The screening as the municipality fills it and the reviewers read it."""
    page = _page(request, pk)
    may_prepare = prepares.test(request.user, page)
    form = ScreeningForm(request.POST or None, instance=page)
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied
        fields = {name: form.cleaned_data[name] for name in form.fields} if form.is_valid() else {}
        if submit(request, form, lambda _data: services.save_screening(page, request.user, **fields),
                  _("Examen enregistré.")) is not REFUSED:
            return redirect(page)
    target = checklist.next_stage(page.stage)
    return render(request, "ppp/screening.html", {
        "screening": page, "project": page.project, "form": form, "may_prepare": may_prepare,
        "may_review": is_reviewer(request.user) and page.review == Review.SUBMITTED, "target": target,
        "missing": checklist.missing(page, target) if target else [], "readiness": READINESS,
        "review_form": ReviewForm(), "document_form": DocumentForm(), "round_form": RoundForm(),
        "answer_form": AnswerForm(),
    })


@login_required
@require_POST
def submit_screening(request, pk):
    page = _page(request, pk)
    act(request, lambda: services.submit(page, request.user), _("Examen soumis à la revue nationale."))
    return redirect(page)


@login_required
@require_POST
def review(request, pk):
    page = _page(request, pk)
    act_on(request, ReviewForm(request.POST),
           lambda data: services.review(page, request.user, data["decision"], data["reasons"]),
           _("Décision enregistrée."), _("Choisissez une décision."))
    return redirect(page)


@login_required
@require_POST
def add_document(request, pk):
    page = _page(request, pk)
    act_on(request, DocumentForm(request.POST, request.FILES),
           lambda data: services.add_document(page, request.user, **data), _("Document publié."),
           _("Donnez un titre, le public et le fichier."))
    return redirect(page)


@login_required
@require_POST
def remove_document(request, pk, document):
    page = _page(request, pk)
    item = get_object_or_404(InvestorDocument, pk=document, screening=page)
    act(request, lambda: services.remove_document(item, request.user), _("Document retiré."))
    return redirect(page)


@login_required
@require_POST
def open_round(request, pk):
    page = _page(request, pk)
    act_on(request, RoundForm(request.POST), lambda data: interests.open_round(page, request.user, **data),
           _("Consultation ouverte."), _("Donnez un titre, une date limite à venir et au moins une question."))
    return redirect(page)


@login_required
@require_POST
def answer(request, pk):
    interest = get_object_or_404(Interest.objects.select_related("screening__project__municipality"), pk=pk)
    if not follows_up.test(request.user, interest.screening):
        raise PermissionDenied
    act_on(request, AnswerForm(request.POST), lambda data: interests.answer_interest(interest, request.user,
                                                                                      data["answer"]),
           _("Réponse envoyée."), _("Écrivez votre réponse."))
    return redirect(interest)


def _national_filters(request) -> NationalFilterForm:
    if not is_reviewer(request.user):
        raise PermissionDenied
    form = NationalFilterForm(request.GET or None)
    form.is_valid()
    return form


@login_required
@require_GET
def national(request):
    """The PPP body's view: the pipeline by stage and governorate, the capital at stake, what waits for it. A
    wrong filter value is said on its field and left out; the others still apply."""
    form = _national_filters(request)
    rows = queries.national(form.filters())
    return render(request, "ppp/national.html", {
        "pipeline": queries.pipeline(rows), "screenings": rows, "filter_form": form, "filters": form.filters(),
        "query_string": urlencode(form.filters()),
    })


def _export_rows(screenings):
    now = timezone.now()
    yield [_("Projet"), _("Municipalité"), _("Gouvernorat"), _("Secteur"), _("Stade"), _("Revue"),
           _("Forme de contrat"), _("Coût d'investissement (TND)"), _("Durée (années)"), _("À ce stade depuis"),
           _("Jours à ce stade"), _("Adresse")]
    for s in screenings:
        yield [s.project.title, s.project.municipality.name, s.project.municipality.governorate.name,
               s.project.sector.code, str(s.get_stage_display()), str(s.get_review_display()),
               str(s.get_contract_form_display()), s.capital_cost_tnd, s.duration_years,
               s.stage_since.date(), (now - s.stage_since).days, absolute_url(s.get_absolute_url())]


def _refused(form) -> HttpResponseBadRequest:
    lines = [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def export_csv(request):
    """The national list as filtered on the page; a wrong filter is refused rather than exported unfiltered."""
    form = _national_filters(request)
    if form.errors:
        return _refused(form)
    return exports.csv_response("madina-ppp.csv", _export_rows(queries.national(form.filters())))


@login_required
@require_GET
def export_xlsx(request):
    form = _national_filters(request)
    if form.errors:
        return _refused(form)
    return exports.xlsx_response("madina-ppp.xlsx", "PPP", _export_rows(queries.national(form.filters())))
