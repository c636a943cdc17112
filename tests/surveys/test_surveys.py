"""A quality-of-life survey on a process: one answer per person or paper form, results counted, free texts
published only after moderation, results as CSV."""

import datetime as dt

import pytest
from django.utils import timezone

from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.questionnaires.models import Questionnaire
from madina.questionnaires.quality_of_life import SLUG
from madina.surveys import services
from madina.surveys.models import TextState

ANSWER = {"services": 4, "securite": 3, "environnement": 2, "mobilite": 1, "numerique": 5,
          "priorites": ["mobilite", "environnement"], "commentaire": "Des bancs à l'ombre."}


@pytest.fixture
def survey(world):
    now = timezone.now()
    process = participation.create_process(OPERATOR, municipality=world["gabes"], slug="gabes", title="Gabès")
    phase = participation.add_phase(process, OPERATOR, PhaseKind.DEBATE, now - dt.timedelta(days=1),
                                    now + dt.timedelta(days=7))
    return services.create_survey(process, world["gabes_staff"], slug="qdv", phase=phase,
                                  questionnaire=Questionnaire.objects.get(slug=SLUG))


def test_only_the_municipality_opens_a_survey(world, survey):
    with pytest.raises(NotAllowed):
        services.create_survey(survey.process, world["sfax_staff"], slug="x", phase=survey.phase,
                               questionnaire=survey.questionnaire)
    with pytest.raises(Invalid):
        services.create_survey(survey.process, OPERATOR, slug="y", phase=survey.phase,
                               questionnaire=Questionnaire.objects.get(slug="maturite-smart-city"))


def test_one_answer_per_person_and_per_paper_form(world, survey):
    services.answer(survey, world["citizen"], ANSWER)
    with pytest.raises(Conflict):
        services.answer(survey, world["citizen"], ANSWER)
    with pytest.raises(Invalid) as refusal:
        services.answer(survey, world["sfax_staff"], {**ANSWER, "services": 9})
    assert refusal.value.field == "services"
    services.enter_paper_form(survey, world["gabes_staff"], "P-1", ANSWER)
    with pytest.raises(Conflict):
        services.enter_paper_form(survey, world["gabes_staff"], "P-1", ANSWER)
    with pytest.raises(NotAllowed):
        services.enter_paper_form(survey, world["citizen"], "P-2", ANSWER)
    survey.refresh_from_db()
    assert survey.response_count == 2


def test_results_count_and_free_text_waits_for_moderation(world, survey, client):
    services.answer(survey, world["citizen"], ANSWER)
    page = client.get("/enquetes/qdv/resultats/").content.decode()
    assert "<svg" in page and "Des bancs" not in page
    text = survey.responses.get().texts.get()
    with pytest.raises(NotAllowed):
        services.moderate(text, world["citizen"], True)
    services.moderate(text, world["gabes_staff"], True)
    assert text.state == TextState.PUBLISHED
    assert "Des bancs" in client.get("/enquetes/qdv/resultats/").content.decode()
    csv = b"".join(client.get("/enquetes/qdv/resultats.csv").streaming_content).decode("utf-8-sig")
    assert "mobilite > environnement" in csv and "Des bancs" in csv


def test_the_page_takes_an_answer_and_refuses_bad_input_without_a_500(world, survey, client):
    assert "/enquetes/qdv/" in client.get("/participer/concertations/gabes/").content.decode()
    client.force_login(world["citizen"])
    assert client.post("/enquetes/qdv/", {"q-services": "9"}).status_code == 400
    assert client.post("/enquetes/qdv/", {"q-priorites-bus": "x"}).status_code == 400
    post = {f"q-{code}": str(value) for code, value in ANSWER.items() if isinstance(value, int)}
    post.update({"q-priorites-mobilite": "1", "q-commentaire": "Merci"})
    assert client.post("/enquetes/qdv/", post).status_code == 302
    assert "Merci : votre réponse est enregistrée" in client.get("/enquetes/qdv/").content.decode()
    client.force_login(world["gabes_staff"])
    response = client.post("/enquetes/qdv/papier/", {**post, "paper_form": ""})
    assert response.status_code == 400
    assert client.post("/enquetes/qdv/papier/", {**post, "paper_form": "P-9"}).status_code == 302


def test_the_phase_a_survey_runs_in_is_kept_while_the_survey_is(world, survey):
    with pytest.raises(Conflict, match="retirez d'abord l'enquête"):
        participation.delete_phase(survey.phase, OPERATOR)
    moved = participation.edit_phase(survey.phase, OPERATOR, kind=PhaseKind.DEBATE,
                                     starts_at=survey.phase.starts_at, ends_at=survey.phase.ends_at + dt.timedelta(days=1))
    assert moved.surveys.get() == survey  # its dates may change: the survey runs while it does
