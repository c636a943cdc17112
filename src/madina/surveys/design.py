"""Opening a survey from the staff pages: from the quality-of-life template, or from a questionnaire of its own
that the process's staff then fill with the engine's question kinds. A survey's own questions change only until
its first answer (an answer always reads against the questions it answered); a template is never edited here.
Each write in a transaction, its permission first, like services.py."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madina.core.errors import Conflict, Invalid, check_fields
from madina.core.permissions import require
from madina.questionnaires.models import Choice, Dimension, Kind, Purpose, Question, Questionnaire
from madina.questionnaires.quality_of_life import SLUG as QUALITY_OF_LIFE

from .models import Survey
from .rules import can_manage
from .services import create_survey

CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
MAX_QUESTIONS = 40
MAX_CHOICES = 12
NOT_STAFF = gettext_lazy("Seul le personnel de la municipalité prépare une enquête.")


def own_slug(survey_slug: str) -> str:
    """The slug of a survey's own questionnaire: the survey's, so that the two never drift apart."""
    return f"enquete-{survey_slug}"[:64]


def has_own_questions(survey: Survey) -> bool:
    return survey.questionnaire.slug == own_slug(survey.slug)


@transaction.atomic
def open_survey(process, user, *, slug: str, phase, template: bool, title: str = "") -> Survey:
    require(can_manage, user, process, NOT_STAFF)
    if template:
        questionnaire = (Questionnaire.objects.filter(slug=QUALITY_OF_LIFE, purpose=Purpose.SURVEY)
                         .order_by("-version").first())
    else:
        title = title.strip() if isinstance(title, str) else ""
        if not title:
            raise Invalid(_("Donnez un titre à l'enquête."), field="title")
        questionnaire = Questionnaire(slug=own_slug(slug), version=1, purpose=Purpose.SURVEY, title=title,
                                      title_fr=title)
        check_fields(questionnaire, "slug", "title")
        if Questionnaire.objects.filter(slug=questionnaire.slug).exists() or Survey.objects.filter(slug=slug).exists():
            raise Invalid(_("Cet identifiant est déjà pris."), field="slug")
        questionnaire.save()
        Dimension.objects.create(questionnaire=questionnaire, code="questions", order=1, title=title, title_fr=title)
    return create_survey(process, user, slug=slug, phase=phase, questionnaire=questionnaire)


def _editable(survey: Survey, user) -> None:
    require(can_manage, user, survey.process, NOT_STAFF)
    if not has_own_questions(survey):
        raise Conflict(_("Les questions d'un modèle ne se modifient pas ici."))
    if Survey.objects.filter(pk=survey.pk, response_count__gt=0).exists():
        raise Conflict(_("Cette enquête a déjà des réponses : ses questions ne changent plus."))


@transaction.atomic
def add_question(survey: Survey, user, *, kind: str, text: str, choices: str = "", required: bool = True) -> Question:
    """A question of one of the engine's kinds; choice kinds take their choices one per line."""
    _editable(survey, user)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=survey.questionnaire_id)
    if kind not in Kind.values:
        raise Invalid(_("Type de question inconnu."), field="kind")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise Invalid(_("Écrivez la question."), field="text")
    labels = [line.strip() for line in (choices if isinstance(choices, str) else "").splitlines() if line.strip()]
    if kind in CHOICE_KINDS:
        if not 2 <= len(labels) <= MAX_CHOICES or len(set(labels)) != len(labels):
            raise Invalid(_("Donnez de 2 à %(n)d choix différents, un par ligne.") % {"n": MAX_CHOICES},
                          field="choices")
    elif labels:
        raise Invalid(_("Seules les questions à choix ont des choix."), field="choices")
    if questionnaire.questions.count() >= MAX_QUESTIONS:
        raise Invalid(_("Une enquête a %(n)d questions au plus.") % {"n": MAX_QUESTIONS}, field="text")
    order = (questionnaire.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    question = Question(questionnaire=questionnaire, dimension=questionnaire.dimensions.get(), code=f"q{order}",
                        order=order, kind=kind, text=text, text_fr=text, required=bool(required))
    check_fields(question, "text")
    choices_made = [Choice(question=question, code=f"c{n}", order=n, label=label, label_fr=label)
                    for n, label in enumerate(labels, 1)]
    for choice in choices_made:
        check_fields(choice, "label")
    question.save()
    Choice.objects.bulk_create(choices_made)
    return question


@transaction.atomic
def remove_question(survey: Survey, user, question: Question) -> None:
    _editable(survey, user)
    if question.questionnaire_id != survey.questionnaire_id:
        raise Invalid(_("Cette question n'est pas de cette enquête."), field="question")
    question.delete()
