"""Survey pages: answering (signed in, while the phase runs), typing paper forms (staff), the results with their
charts (server-drawn bars) and CSV, and the moderation of free texts. Every write goes through services.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core import exports
from madina.core.errors import ServiceError
from madina.core.pages import REFUSED, act, submit
from madina.participation.models import Process
from madina.questionnaires import answers as engine

from . import design, indicators, results, services
from .forms import OpenSurveyForm, QuestionForm
from .models import Response, Survey, Text, TextState
from .rules import can_answer, can_enter_paper_form, can_manage, can_moderate, can_see


def _survey(request, slug) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("process__municipality", "phase", "questionnaire"),
                               slug=slug)
    if not can_see.test(request.user, survey):
        raise Http404
    return survey


def _answer_page(request, survey, record, template, extra):
    questions = engine.questions_of(survey.questionnaire)
    errors, typed = {}, {}
    if request.method == "POST":
        try:
            typed = engine.from_post(questions, request.POST)
            record(typed)
        except ServiceError as error:
            errors = {field: [str(m) for m in messages] for field, messages in error.errors.items()}
        else:
            return None
    return render(request, template, {"survey": survey, "questions": questions, "answers": typed,
                                      "errors": errors, **extra}, status=400 if errors else 200)


def survey(request, slug):
    survey = _survey(request, slug)
    answered = request.user.is_authenticated and Response.objects.filter(survey=survey,
                                                                         respondent=request.user).exists()
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"/comptes/login/?next={request.path}")
    page = None if answered else _answer_page(
        request, survey, lambda data: services.answer(survey, request.user, data), "surveys/survey.html",
        {"open": can_answer.test(request.user, survey) or not request.user.is_authenticated,
         "may_enter": can_enter_paper_form.test(request.user, survey)})
    if page is not None:
        return page
    if request.method == "POST":
        return redirect("surveys:survey", slug=slug)
    return render(request, "surveys/survey.html", {"survey": survey, "answered": True,
                                                   "may_enter": can_enter_paper_form.test(request.user, survey)})


@login_required
def paper_form(request, slug):
    survey = _survey(request, slug)
    if not can_enter_paper_form.test(request.user, survey):
        raise PermissionDenied
    page = _answer_page(request, survey, lambda data: services.enter_paper_form(
        survey, request.user, request.POST.get("paper_form", ""), data), "surveys/paper_form.html",
        {"paper_form": request.POST.get("paper_form", "")})
    return page or redirect(f"{request.path}?saisi=1")


def survey_results(request, slug):
    survey = _survey(request, slug)
    questions = engine.questions_of(survey.questionnaire)
    moderator = can_moderate.test(request.user, survey)
    pending = Text.objects.filter(response__survey=survey, state=TextState.PENDING) if moderator else []
    return render(request, "surveys/results.html", {
        "survey": survey, "results": results.tally(survey, questions), "pending": pending, "moderator": moderator,
        "may_feed": indicators.feeds_indicators(survey) and can_manage.test(request.user, survey.process),
    })


def results_csv(request, slug):
    """One line per answer and question (free texts only once published), for spreadsheets."""
    survey = _survey(request, slug)
    questions = {q.code: q for q in engine.questions_of(survey.questionnaire)}
    published = {}
    for text in results.published(survey):
        published.setdefault(text.response_id, {})[text.question] = text.body
    rows = [[_("réponse"), _("question"), _("réponse donnée")]]
    for number, response in enumerate(survey.responses.order_by("pk"), 1):
        given = {**response.answers, **published.get(response.pk, {})}
        for code in questions:
            if code in given:
                value = given[code]
                rows.append([number, code, " > ".join(value) if isinstance(value, list) else value])
    return exports.csv_response(f"enquete-{survey.slug}.csv", rows)


@require_POST
@login_required
def moderate(request, slug, pk):
    survey = _survey(request, slug)
    text = get_object_or_404(Text.objects.select_related("response__survey__process"), pk=pk, response__survey=survey)
    publish = request.POST.get("publish") == "1"
    act(request, lambda: services.moderate(text, request.user, publish),
        _("Réponse publiée.") if publish else _("Réponse masquée."))
    return redirect("surveys:results", slug=slug)


@require_POST
@login_required
def feed_indicators(request, slug):
    survey = _survey(request, slug)
    act(request, lambda: services.feed_indicators(survey, request.user),
        _("Les moyennes de l'enquête sont les valeurs déclarées des indicateurs de la municipalité."))
    return redirect("surveys:results", slug=slug)


@login_required
def open_survey(request, process):
    process = get_object_or_404(Process.objects.select_related("municipality"), slug=process)
    if not can_manage.test(request.user, process):
        raise PermissionDenied
    form = OpenSurveyForm(request.POST or None, process=process)
    survey = submit(request, form, lambda data: design.open_survey(
        process, request.user, slug=data["slug"], phase=data["phase"], template=data["start"] == form.TEMPLATE,
        title=data["title"]), _("Enquête ouverte."))
    if survey is not REFUSED:
        return redirect("surveys:questions" if design.has_own_questions(survey) else "surveys:survey", slug=survey.slug)
    return render(request, "surveys/open.html", {"process": process, "form": form},
                  status=400 if form.is_bound else 200)


@login_required
def questions(request, slug):
    survey = _survey(request, slug)
    if not can_manage.test(request.user, survey.process):
        raise PermissionDenied
    if request.method == "POST" and "remove" in request.POST:
        code = request.POST["remove"]
        question = get_object_or_404(survey.questionnaire.questions, code=code if isinstance(code, str) else "")
        act(request, lambda: design.remove_question(survey, request.user, question), _("Question retirée."))
        return redirect("surveys:questions", slug=slug)
    form = QuestionForm(request.POST or None)
    if submit(request, form, lambda data: design.add_question(survey, request.user, **data),
              _("Question ajoutée.")) is not REFUSED:
        return redirect("surveys:questions", slug=slug)
    return render(request, "surveys/questions.html", {
        "survey": survey, "questions": engine.questions_of(survey.questionnaire), "form": form,
        "editable": design.has_own_questions(survey) and not survey.response_count,
    }, status=400 if form.is_bound else 200)
