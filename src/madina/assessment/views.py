"""Readiness pages: campaigns and their national comparison (public once validated), a municipality's result
(radar, verdict, reasons), the staff's questionnaire (draft, evidence, submission) and the reviewers' decisions.
Every write goes through services.py, which checks the permission again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core import exports
from madina.core.errors import ServiceError
from madina.core.pages import REFUSED, act, act_on, submit
from madina.questionnaires import answers as engine

from . import queries, services, wording
from .forms import CampaignForm, EvidenceForm, ReviewForm
from .models import Evidence, State
from .radar import radar
from .rules import can_fill, can_open_campaign, can_read_answers, can_review


def campaign_list(request):
    return render(request, "assessment/campaign_list.html", {
        "campaigns": queries.campaigns(), "may_open": can_open_campaign.test(request.user),
        "to_fill": queries.assessments_to_fill(request.user),
    })


@login_required
def campaign_open(request):
    if not can_open_campaign.test(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    campaign = submit(request, form, lambda data: services.open_campaign(request.user, **data),
                      _("Campagne ouverte : les municipalités invitées peuvent répondre."))
    if campaign is not REFUSED:
        return redirect(campaign)
    return render(request, "assessment/campaign_open.html", {"form": form}, status=400 if form.errors else 200)


def _comparison(request, campaign):
    staff = can_review.test(request.user)
    dimensions = queries.dimensions(campaign)
    rows = [(assessment, queries.scored_dimensions(assessment, dimensions))
            for assessment in queries.assessments(campaign, validated_only=not staff)]
    return staff, dimensions, rows


def campaign_detail(request, slug):
    campaign = queries.campaign(slug)
    staff, dimensions, rows = _comparison(request, campaign)
    return render(request, "assessment/campaign_detail.html", {
        "campaign": campaign, "dimensions": dimensions, "rows": rows, "staff": staff,
        "validated": sum(1 for assessment, _scores in rows if assessment.state == State.VALIDATED),
    })


def campaign_export(request, slug, fmt):
    """The validated results (every assessment's state too, for reviewers) as CSV or XLSX."""
    campaign = queries.campaign(slug)
    _staff, dimensions, rows = _comparison(request, campaign)
    header = [_("municipalité"), _("identifiant"), _("gouvernorat"), _("état"), _("score global"), _("verdict"),
              *(dimension.title for dimension in dimensions)]
    lines = [header] + [
        [a.municipality.name, a.municipality.slug, a.municipality.governorate.name, a.get_state_display(),
         a.overall, a.get_verdict_display(), *(score for _d, score in scores)]
        for a, scores in rows
    ]
    filename = f"evaluation-{campaign.slug}"
    if fmt == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", _("Évaluation"), lines)
    return exports.csv_response(f"{filename}.csv", lines)


def campaign_map(request, slug):
    """The validated municipalities as points (their outline's centre), for the comparison map."""
    campaign = queries.campaign(slug)
    features = []
    for assessment in queries.assessments(campaign, validated_only=True):
        place = assessment.municipality
        if place.min_lon is None:
            continue
        features.append({"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [(place.min_lon + place.max_lon) / 2, (place.min_lat + place.max_lat) / 2]},
            "properties": {"name": place.name, "url": assessment.get_absolute_url(),
                           "subtitle": f"{assessment.get_verdict_display()} · {wording.score(assessment.overall)}"}})
    return JsonResponse({"type": "FeatureCollection", "features": features})


def result_context(assessment) -> dict:
    """What shows a municipality's result: the radar, the scores table, the verdict in words."""
    dimensions = queries.dimensions(assessment.campaign)
    scored = queries.scored_dimensions(assessment, dimensions)
    verdict = queries.verdict(assessment)
    titles = {dimension.code: dimension.title for dimension in dimensions}
    return {
        "scored": scored,
        "radar": radar([score for _d, score in scored], assessment.campaign.floor) if verdict else None,
        "reasons": wording.reasons(verdict, titles) if verdict else [],
        "changes": wording.changes(verdict, titles) if verdict else [],
    }


def assessment_detail(request, slug, place):
    campaign = queries.campaign(slug)
    assessment = queries.assessment(campaign, place, request.user)
    context = {"campaign": campaign, "assessment": assessment, **result_context(assessment)}
    if can_read_answers.test(request.user, assessment):
        questions = engine.questions_of(campaign.questionnaire)
        context.update({
            "questions": questions, "staff_view": True,
            "evidence": list(assessment.evidence.all()),
            "reviews": assessment.reviews.select_related("author"),
            "may_fill": assessment.is_editable and can_fill.test(request.user, assessment),
            "may_review": assessment.state == State.SUBMITTED and can_review.test(request.user, assessment),
            "review_form": ReviewForm(),
        })
    return render(request, "assessment/assessment_detail.html", context)


def _fillable(request, slug, place):
    campaign = queries.campaign(slug)
    assessment = queries.assessment(campaign, place, request.user)
    if not can_fill.test(request.user, assessment):
        raise PermissionDenied
    return campaign, assessment


@login_required
def assessment_fill(request, slug, place):
    """The questionnaire: "save the draft" keeps what is typed (each value checked), "submit" also asks for every
    required answer and sends it to the reviewers."""
    campaign, assessment = _fillable(request, slug, place)
    questions = engine.questions_of(campaign.questionnaire)
    errors, answers, notes = {}, assessment.answers, assessment.notes
    if request.method == "POST":
        notes = {q.code: request.POST.get(f"n-{q.code}", "") for q in questions}
        try:
            answers = engine.from_post(questions, request.POST)
            services.save_answers(assessment, request.user, answers, notes)
            if "submit" in request.POST:
                services.submit(assessment, request.user)
        except ServiceError as error:
            errors = {field: [str(m) for m in messages] for field, messages in error.errors.items()}
        else:
            return redirect(assessment)
    return render(request, "assessment/assessment_fill.html", {
        "campaign": campaign, "assessment": assessment, "questions": questions, "answers": answers,
        "notes": notes, "errors": errors, "evidence_form": EvidenceForm(questions=questions),
        "evidence": list(assessment.evidence.all()),
    }, status=400 if errors else 200)


@require_POST
@login_required
def evidence_add(request, slug, place):
    campaign, assessment = _fillable(request, slug, place)
    form = EvidenceForm(request.POST, request.FILES, questions=engine.questions_of(campaign.questionnaire))
    act_on(request, form, lambda data: services.add_evidence(assessment, request.user, data["question"],
                                                            data["upload"]),
           _("Justificatif déposé."), _("Choisissez une question et un fichier."))
    return redirect("assessment:fill", slug=slug, place=place)


@require_POST
@login_required
def evidence_remove(request, slug, place, pk):
    _campaign, assessment = _fillable(request, slug, place)
    item = get_object_or_404(Evidence, pk=pk, assessment=assessment)
    act(request, lambda: services.remove_evidence(item, request.user), _("Justificatif retiré."))
    return redirect("assessment:fill", slug=slug, place=place)


REVIEW_ACTIONS = {
    "comment": (lambda a, u, d: services.comment(a, u, d["body"], d["question"]), _("Commentaire ajouté.")),
    "changes": (lambda a, u, d: services.request_changes(a, u, d["body"]),
                _("Modifications demandées : la municipalité peut reprendre ses réponses.")),
    "validate": (lambda a, u, d: services.validate(a, u, d["body"]), _("Évaluation validée : le résultat est public.")),
}


@require_POST
@login_required
def review(request, slug, place):
    campaign = queries.campaign(slug)
    assessment = queries.assessment(campaign, place, request.user)
    if not can_read_answers.test(request.user, assessment):
        raise PermissionDenied
    action, success = REVIEW_ACTIONS.get(request.POST.get("action", ""), REVIEW_ACTIONS["comment"])
    act_on(request, ReviewForm(request.POST), lambda data: action(assessment, request.user, data), str(success),
           _("Le message est trop long."))
    return redirect(assessment)
