"""Answering a survey, typing a paper form, moderating free texts: each in a transaction, its permission first."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core import audit, ratelimit
from madina.core.errors import Conflict, Invalid, full_clean
from madina.core.permissions import OPERATOR, person, require
from madina.participation.phases import PhaseKind
from madina.questionnaires import answers as engine
from madina.questionnaires.models import Kind, Purpose
from madina.questionnaires.quality_of_life import SLUG as QUALITY_OF_LIFE

from . import indicators
from .models import Response, Survey, Text, TextState
from .rules import can_answer, can_enter_paper_form, can_manage, can_moderate

FREE_TEXT = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
PAPER_FORM_MAX = 40


@transaction.atomic
def create_survey(process, user, *, slug: str, phase, questionnaire) -> Survey:
    """Ask a survey questionnaire during one of the process's phases."""
    require(can_manage, user, process, _("Seul le personnel de la municipalité ouvre une enquête."))
    if phase.process_id != process.pk:
        raise Invalid(_("Choisissez une phase de cette concertation."), field="phase")
    if phase.kind != PhaseKind.SURVEY:
        raise Invalid(_("Choisissez une phase de type « enquête »."), field="phase")
    if questionnaire.purpose != Purpose.SURVEY:
        raise Invalid(_("Choisissez un questionnaire d'enquête citoyenne."), field="questionnaire")
    survey = Survey(slug=slug, process=process, phase=phase, questionnaire=questionnaire)
    full_clean(survey)
    survey.save()
    return survey


def _record(survey: Survey, data, **who) -> Response:
    questions = engine.questions_of(survey.questionnaire)
    cleaned = engine.clean(questions, data, complete=True)
    free = {q.code for q in questions if q.kind in FREE_TEXT}
    Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, answers={code: value for code, value in cleaned.items() if code not in free}, **who)
    except IntegrityError:
        raise Conflict(_("Cette enquête a déjà une réponse de cette personne ou de ce formulaire.")) from None
    Text.objects.bulk_create(Text(response=response, question=code, body=value)
                             for code, value in cleaned.items() if code in free)
    return response


def answer(survey: Survey, user, data: dict) -> Response:
    """One answer per person; every required question answered, every value checked. Attempts are counted before
    the transaction, so that a refused answer (which rolls it back) still counts."""
    require(can_answer, user, survey, _("Cette enquête n'est pas ouverte, ou il faut vous connecter."))
    ratelimit.limit(f"survey-answer:user:{user.pk}", settings.SURVEYS_ANSWER_RATE,
                    _("Vous avez envoyé %(count)d réponses en %(minutes)d minutes : attendez un peu."))
    with transaction.atomic():
        return _record(survey, data, respondent=person(user))


@transaction.atomic
def enter_paper_form(survey: Survey, user, form_number: str, data: dict) -> Response:
    """A paper form typed by the municipality's staff, once per form number."""
    require(can_enter_paper_form, user, survey, _("Seul le personnel de la municipalité saisit les formulaires."))
    form_number = form_number.strip() if isinstance(form_number, str) else ""
    if not form_number or len(form_number) > PAPER_FORM_MAX or "\x00" in form_number:
        raise Invalid(_("Saisissez le numéro du formulaire papier (%(n)d caractères au plus).")
                      % {"n": PAPER_FORM_MAX}, field="paper_form")
    return _record(survey, data, paper_form=form_number, entered_by=person(user))


@transaction.atomic
def moderate(text: Text, user, publish: bool) -> Text:
    survey = text.response.survey
    require(can_moderate, user, survey, _("Seuls les modérateurs publient les réponses libres."))
    text.state = TextState.PUBLISHED if publish else TextState.HIDDEN
    text.save(update_fields=["state"])
    audit.record("surveys.text_moderated", user, municipality=survey.process.municipality, target=survey,
                 decision=text.state, question=text.question, id=text.pk)
    return text


@transaction.atomic
def feed_indicators(survey: Survey, user) -> list[tuple]:
    """A closed quality-of-life survey's means become the municipality's declared indicator values for the year
    it closed; feeding it again changes nothing unless answers came in meanwhile (the value then keeps its
    previous version). Refused while the survey runs: its figures are not final."""
    require(can_manage, user, survey.process, _("Seul le personnel de la municipalité publie ces résultats."))
    if not indicators.feeds_indicators(survey):
        raise Invalid(_("Seule l'enquête de qualité de vie d'une municipalité alimente ses indicateurs."),
                      field="survey")
    if not survey.phase.ends_at <= timezone.now():
        raise Conflict(_("L'enquête est encore ouverte : ses résultats alimenteront les indicateurs à sa clôture."))
    return indicators.record(survey, user)


FEED_WINDOW = timedelta(days=30)
"""How long after its close the hourly housekeeping keeps feeding a survey (late paper forms); later, the staff's
button on the results page."""


def feed_closed_surveys() -> int:
    """Housekeeping: every quality-of-life survey closed in the last FEED_WINDOW fed again, as Madina (each its own
    transaction); answers how many values changed, none once they are all fed."""
    now = timezone.now()
    closed = (Survey.objects.filter(questionnaire__slug=QUALITY_OF_LIFE, process__municipality__isnull=False,
                                    phase__ends_at__lte=now, phase__ends_at__gt=now - FEED_WINDOW)
              .select_related("phase", "process__municipality", "questionnaire"))
    changed = 0
    for survey in closed:
        with transaction.atomic():
            changed += sum(1 for _value, was_changed in indicators.record(survey, OPERATOR) if was_changed)
    return changed


def keep_survey_phase(phase, change) -> None:
    """Participation's phase guard: a phase that carries a survey is not deleted from under it, nor made another
    kind (its dates may still change: the survey simply runs while the phase does)."""
    if change is not None and change.kind == PhaseKind.SURVEY:
        return
    if Survey.objects.filter(phase=phase).exists():
        raise Conflict(_("Une enquête se déroule pendant cette phase : retirez d'abord l'enquête."))
