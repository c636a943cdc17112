"""The demo's readiness campaign: the 2020 caravan's municipalities at every step of the assessment, with answers
from a few profiles (levels by dimension, in the questionnaire's order) chosen so that every verdict shows.
Illustrative, not measured: the campaign says so in its description."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from madina.core.permissions import OPERATOR
from madina.questionnaires.answers import questions_of
from madina.questionnaires.models import Questionnaire
from madina.questionnaires.readiness import SLUG

from . import services
from .models import Campaign

CAMPAIGN = "maturite-caravane-2020"
# How many of the edition's municipalities (in stop order) reach each step.
VALIDATED, SUBMITTED, CHANGES, DRAFTS = 7, 3, 2, 3
# Levels of the seven dimensions (or of each of its two questions); the first seven profiles are validated:
# three eligible, two with conditions (a dimension at 1.5, under the floor of 2 within the margin), two not yet.
PROFILES = [
    (4, 4, 3, 4, 4, 3, 3), (5, 4, 4, 3, 4, 4, 3), (3, 3, 3, 4, 3, 3, 3),
    (4, 4, 3, 4, 3, (2, 1), 4), (4, 3, 4, 3, 4, 3, (1, 2)),
    (2, 2, 2, 3, 2, 1, 2), (3, 2, 1, 2, 3, 2, 2),
    (3, 4, 2, 3, 3, 2, 3), (2, 3, 2, 2, 4, 1, 2), (4, 5, 4, 4, 3, 3, 4),
    (3, 3, 2, 3, 2, 2, 3), (2, 2, 3, 2, 2, 2, 2),
    (3, 2, 2, 3, 3, 2, 2), (4, 3, 3, 3, 3, 2, 3), (2, 2, 2, 2, 2, 1, 2),
]


def load_demo_campaign(edition) -> Campaign | None:
    if edition is None:
        return None
    existing = Campaign.objects.filter(slug=CAMPAIGN).first()
    if existing:
        return existing
    questionnaire = Questionnaire.objects.get(slug=SLUG, version=1)
    campaign = services.open_campaign(
        OPERATOR, slug=CAMPAIGN, questionnaire=questionnaire, edition=edition,
        closes_on=timezone.localdate() + dt.timedelta(days=90), threshold=3, floor=2, margin=0.5,
        title_fr="Maturité smart city des villes de la caravane 2020",
        title_ar="نضج المدن الذكية لمدن قافلة 2020", title_en="Smart-city readiness of the 2020 caravan towns",
        description_fr="Démonstration : réponses fictives, pour montrer le parcours d'une évaluation.",
        description_ar="عرض توضيحي: إجابات وهمية لإظهار مسار التقييم.",
        description_en="Demonstration: fictitious answers, to show how an assessment goes.",
    )
    questions = questions_of(questionnaire)
    stops = edition.stops.exclude(municipality=None).order_by("order").values_list("municipality_id", flat=True)
    assessments = {a.municipality_id: a for a in campaign.assessments.select_related("municipality")}
    ordered = [assessments[pk] for pk in dict.fromkeys(stops)]
    for index, assessment in enumerate(ordered[:VALIDATED + SUBMITTED + CHANGES + DRAFTS]):
        answers = _answers(PROFILES[index], questions)
        if index >= VALIDATED + SUBMITTED + CHANGES:
            answers = dict(list(answers.items())[: len(answers) // 2])
        services.save_answers(assessment, OPERATOR, answers)
        if index < VALIDATED + SUBMITTED + CHANGES:
            services.submit(assessment, OPERATOR)
        if index < VALIDATED:
            services.validate(assessment, OPERATOR, "Réponses cohérentes avec les justificatifs.")
        elif VALIDATED + SUBMITTED <= index < VALIDATED + SUBMITTED + CHANGES:
            services.request_changes(assessment, OPERATOR, "Joignez la délibération du conseil sur la stratégie.")
    return campaign


def _answers(profile, questions) -> dict[str, int]:
    levels = {}
    for question in questions:
        level = profile[question.dimension.order - 1]
        levels[question.code] = level[question.order - 1] if isinstance(level, tuple) else level
    return levels
