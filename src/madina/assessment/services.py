"""Every write of a readiness campaign: one function per use case, in a transaction, its permission checked
first; decisions (opening, submission, changes asked, validation) are audited (core.audit)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madina.core import audit
from madina.core.errors import Conflict, Invalid, full_clean
from madina.core.permissions import person, require
from madina.core.uploads import DOCUMENT, PHOTO, PHOTO_FORMATS, check_upload
from madina.questionnaires import answers as engine
from madina.questionnaires import scoring
from madina.questionnaires.models import Purpose
from madina.territory.models import Municipality

from . import eligibility
from .models import Assessment, Campaign, Evidence, Review, State, Step
from .rules import can_fill, can_open_campaign, can_read_answers, can_review

NOTE_MAX = 2_000
REVIEW_MAX = 5_000
EVIDENCE_PER_ASSESSMENT = 60
NOT_EDITABLE = gettext_lazy("Cette évaluation est soumise ou validée : elle ne se modifie plus.")


@transaction.atomic
def open_campaign(user, *, municipalities=(), **fields) -> Campaign:
    """A campaign and one assessment per invited municipality: those of the edition's stops, and any listed."""
    require(can_open_campaign, user, None, _("Seuls les organisateurs ouvrent une campagne d'évaluation."))
    campaign = Campaign(created_by=person(user), **fields)
    if campaign.questionnaire_id and campaign.questionnaire.purpose != Purpose.ASSESSMENT:
        raise Invalid(_("Choisissez un questionnaire d'évaluation de la maturité."), field="questionnaire")
    if campaign.threshold is not None and campaign.floor is not None and campaign.floor > campaign.threshold:
        raise Invalid(_("Le plancher par dimension ne peut pas dépasser le seuil du score global."), field="floor")
    full_clean(campaign)
    campaign.save()
    invited = {m.pk for m in municipalities}
    if campaign.edition_id:
        invited |= set(Municipality.objects.filter(caravan_stops__edition=campaign.edition_id)
                       .values_list("pk", flat=True))
    if not invited:
        raise Invalid(_("Invitez au moins une municipalité : choisissez une édition ou une liste."),
                      field="municipalities")
    Assessment.objects.bulk_create(Assessment(campaign=campaign, municipality_id=pk) for pk in sorted(invited))
    audit.record("assessment.campaign_opened", user, target=campaign, invited=len(invited))
    return campaign


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related(
        "campaign__questionnaire", "municipality").get(pk=assessment.pk)


def _editable(assessment: Assessment, user) -> Assessment:
    require(can_fill, user, assessment, _("Seul le personnel de la municipalité remplit son évaluation."))
    assessment = _locked(assessment)
    if not assessment.is_editable:
        raise Conflict(NOT_EDITABLE)
    if assessment.campaign.closes_on < timezone.localdate():
        raise Conflict(_("La campagne est close depuis le %(date)s.") % {"date": assessment.campaign.closes_on})
    return assessment


def _notes(questions, notes) -> dict:
    if not isinstance(notes, dict):
        raise Invalid(_("Les explications doivent être un objet {code de question : texte}."), field="notes")
    codes = {question.code for question in questions}
    kept = {}
    for code, text in notes.items():
        if code not in codes or not isinstance(text, str):
            raise Invalid(_("Question inconnue : %(code)s.") % {"code": str(code)[:40]}, field="notes")
        if len(text.strip()) > NOTE_MAX or "\x00" in text:
            raise Invalid(_("Au plus %(n)d caractères.") % {"n": NOTE_MAX}, field=code)
        if text.strip():
            kept[code] = text.strip()
    return kept


@transaction.atomic
def save_answers(assessment: Assessment, user, answers: dict, notes: dict | None = None) -> Assessment:
    """Keep a draft: every value given is checked, blanks are allowed until the submission."""
    assessment = _editable(assessment, user)
    questions = engine.questions_of(assessment.campaign.questionnaire)
    assessment.answers = engine.clean(questions, answers, complete=False)
    assessment.notes = _notes(questions, notes or {})
    if assessment.state == State.INVITED:
        assessment.state = State.DRAFT
    assessment.save(update_fields=["answers", "notes", "state", "updated_at"])
    return assessment


def _score(assessment: Assessment, questions) -> None:
    specs = scoring.specs(questions)
    levels = {code: value for code, value in assessment.answers.items() if isinstance(value, int)}
    by_dimension = scoring.dimension_scores(specs, levels)
    overall = scoring.overall_score(specs, by_dimension)
    campaign = assessment.campaign
    rule = eligibility.Rule(Fraction(campaign.threshold), Fraction(campaign.floor), Fraction(campaign.margin))
    assessment.overall = _decimal(overall)
    assessment.scores = {code: None if score is None else str(_decimal(score)) for code, score in by_dimension.items()}
    assessment.verdict = eligibility.judge(rule, overall, by_dimension).outcome


def _decimal(score: Fraction | None) -> Decimal | None:
    if score is None:
        return None
    return (Decimal(score.numerator) / Decimal(score.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def submit(assessment: Assessment, user) -> Assessment:
    """Send the answers to the reviewers: every required question answered; the scores and verdict are kept."""
    assessment = _editable(assessment, user)
    questions = engine.questions_of(assessment.campaign.questionnaire)
    assessment.answers = engine.clean(questions, assessment.answers, complete=True)
    _score(assessment, questions)
    assessment.state, assessment.submitted_at = State.SUBMITTED, timezone.now()
    assessment.save()
    Review.objects.create(assessment=assessment, step=Step.SUBMITTED, author=person(user))
    audit.record("assessment.submitted", user, municipality=assessment.municipality, target=assessment,
                 verdict=assessment.verdict)
    return assessment


def _text(body, limit=REVIEW_MAX, *, required=True) -> str:
    if not isinstance(body, str) or "\x00" in body:
        raise Invalid(_("Saisissez un texte."), field="body")
    body = body.strip()
    if required and not body:
        raise Invalid(_("Écrivez ce qui doit changer."), field="body")
    if len(body) > limit:
        raise Invalid(_("Au plus %(n)d caractères.") % {"n": limit}, field="body")
    return body


def _question(assessment, code) -> str:
    if code and code not in {q.code for q in engine.questions_of(assessment.campaign.questionnaire)}:
        raise Invalid(_("Question inconnue : %(code)s.") % {"code": str(code)[:40]}, field="question")
    return code or ""


@transaction.atomic
def comment(assessment: Assessment, user, body: str, question: str = "") -> Review:
    """A remark in the conversation, by a reviewer or the municipality's staff, on the whole or on a question."""
    require(can_read_answers, user, assessment, _("Seuls la municipalité et les relecteurs échangent ici."))
    body = _text(body)
    return Review.objects.create(assessment=assessment, step=Step.COMMENT, author=person(user), body=body,
                                 question=_question(assessment, question))


def _reviewable(assessment, user) -> Assessment:
    require(can_review, user, assessment, _("Seuls les relecteurs nationaux décident d'une évaluation."))
    assessment = _locked(assessment)
    if assessment.state != State.SUBMITTED:
        raise Conflict(_("Seule une évaluation soumise se relit."))
    return assessment


@transaction.atomic
def request_changes(assessment: Assessment, user, body: str) -> Assessment:
    assessment = _reviewable(assessment, user)
    body = _text(body)
    assessment.state = State.CHANGES_REQUESTED
    assessment.save(update_fields=["state", "updated_at"])
    Review.objects.create(assessment=assessment, step=Step.CHANGES_REQUESTED, author=person(user), body=body)
    audit.record("assessment.changes_requested", user, municipality=assessment.municipality, target=assessment)
    return assessment


@transaction.atomic
def validate(assessment: Assessment, user, body: str = "") -> Assessment:
    """The reviewers accept the answers: the result becomes public (municipality page, comparison, API)."""
    assessment = _reviewable(assessment, user)
    body = _text(body, required=False)
    _score(assessment, engine.questions_of(assessment.campaign.questionnaire))
    assessment.state, assessment.validated_at = State.VALIDATED, timezone.now()
    assessment.save()
    Review.objects.create(assessment=assessment, step=Step.VALIDATED, author=person(user), body=body)
    audit.record("assessment.validated", user, municipality=assessment.municipality, target=assessment,
                 verdict=assessment.verdict)
    return assessment


@transaction.atomic
def add_evidence(assessment: Assessment, user, question: str, upload) -> Evidence:
    """A document or photo supporting an answer, checked by its content (core.uploads)."""
    assessment = _editable(assessment, user)
    question = _question(assessment, question)
    if not question:
        raise Invalid(_("Choisissez la question que ce justificatif appuie."), field="question")
    if assessment.evidence.count() >= EVIDENCE_PER_ASSESSMENT:
        raise Conflict(_("Au plus %(n)d justificatifs par évaluation.") % {"n": EVIDENCE_PER_ASSESSMENT})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    checked = check_upload(upload, PHOTO if extension in PHOTO_FORMATS else DOCUMENT)
    return Evidence.objects.create(assessment=assessment, question=question, file=upload,
                                   name=upload.name[-200:], content_type=checked.content_type, size=checked.size,
                                   uploaded_by=person(user))


@transaction.atomic
def remove_evidence(evidence: Evidence, user) -> None:
    _editable(evidence.assessment, user)
    evidence.file.delete(save=False)
    evidence.delete()
