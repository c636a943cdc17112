"""The demo process asks the quality-of-life perception survey during its current phase, with a few answers."""

from __future__ import annotations

from madina.core.permissions import OPERATOR
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
    phase = process.current_phase() or process.phases.order_by("-ends_at").first()
    if existing or phase is None:
        return existing
    survey = services.create_survey(process, OPERATOR, slug=SURVEY, phase=phase,
                                    questionnaire=Questionnaire.objects.get(slug=SLUG, version=1))
    for number, answers in PAPER_FORMS:
        services.enter_paper_form(survey, OPERATOR, number, answers)
    return survey
