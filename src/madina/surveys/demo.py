"""The demo process asked the quality-of-life perception survey during a survey phase before its first one: the
paper forms typed, the survey closed, its means fed to the municipality's declared indicators."""

from __future__ import annotations

from datetime import timedelta

from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.questionnaires.models import Questionnaire
from madina.questionnaires.quality_of_life import SLUG

from . import services
from .models import Survey

SURVEY = "qualite-de-vie-demo"
PAPER_FORMS = [  # what residents ticked on paper at the caravan stop, typed by the staff
    ("P-001", {"services": 2, "securite": 4, "environnement": 2, "mobilite": 1, "numerique": 3,
               "priorites": ["mobilite", "environnement", "services"], "commentaire": "Plus de bus le soir."}),
    ("P-002", {"services": 3, "securite": 3, "environnement": 3, "mobilite": 2, "numerique": 2,
               "priorites": ["mobilite", "numerique"]}),
    ("P-003", {"services": 4, "securite": 4, "environnement": 1, "mobilite": 3, "numerique": 4,
               "priorites": ["environnement", "services", "mobilite"], "commentaire": "Un jardin public au centre."}),
]


def load_demo_survey(process) -> Survey | None:
    if process is None:
        return None
    existing = Survey.objects.filter(slug=SURVEY).first()
    first = process.phases.order_by("starts_at").first()
    if existing or first is None:
        return existing
    phase = participation.add_phase(process, OPERATOR, PhaseKind.SURVEY, first.starts_at - timedelta(days=14),
                                    first.starts_at)
    survey = services.create_survey(process, OPERATOR, slug=SURVEY, phase=phase,
                                    questionnaire=Questionnaire.objects.get(slug=SLUG, version=1))
    for number, answers in PAPER_FORMS:
        services.enter_paper_form(survey, OPERATOR, number, answers)
    if process.municipality_id is not None:
        services.feed_indicators(survey, OPERATOR)
    return survey
