"""A quality-of-life survey on a process: one answer per person or paper form, results counted, free texts
published only after moderation, results as CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from madina.core.errors import Conflict, Invalid, NotAllowed, RateLimited
from madina.core.models import AuditEntry
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
    phase = participation.add_phase(process, OPERATOR, PhaseKind.SURVEY, now - dt.timedelta(days=1),
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


def test_answers_refused_ones_included_are_limited_per_person(world, survey, settings):
    settings.SURVEYS_ANSWER_RATE = (2, 60)
    with pytest.raises(Invalid):
        services.answer(survey, world["citizen"], {**ANSWER, "services": 9})  # rolled back, still counted
    services.answer(survey, world["citizen"], ANSWER)
    with pytest.raises(RateLimited, match="2 réponses en 60 minutes"):
        services.answer(survey, world["citizen"], ANSWER)
    services.answer(survey, world["sfax_staff"], ANSWER)  # counted per person
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
    results = b"".join(client.get("/enquetes/qdv/resultats.csv").streaming_content).decode("utf-8-sig")
    assert "mobilite > environnement" in results and "Des bancs" in results
    entry = AuditEntry.objects.get(action="surveys.text_moderated")
    assert (entry.actor, entry.municipality_id, entry.details) == (
        world["gabes_staff"], survey.process.municipality_id,
        {"decision": "published", "question": "commentaire", "id": text.pk})


def test_a_free_text_typed_as_a_formula_reaches_the_results_file_as_text(world, survey, client):
    formula = '=HYPERLINK("http://evil.example","Cliquez")'
    services.answer(survey, world["citizen"], {**ANSWER, "commentaire": formula})
    services.moderate(survey.responses.get().texts.get(), world["gabes_staff"], True)
    lines = b"".join(client.get("/enquetes/qdv/resultats.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(lines)))
    assert [1, "commentaire", "'" + formula] in [[int(r[0]), r[1], r[2]] for r in rows[1:]]


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
    with pytest.raises(Conflict):
        participation.edit_phase(survey.phase, OPERATOR, kind=PhaseKind.DEBATE,
                                 starts_at=survey.phase.starts_at, ends_at=survey.phase.ends_at)
    moved = participation.edit_phase(survey.phase, OPERATOR, kind=PhaseKind.SURVEY,
                                     starts_at=survey.phase.starts_at, ends_at=survey.phase.ends_at + dt.timedelta(days=1))
    assert moved.surveys.get() == survey  # its dates may change: the survey runs while it does


def test_a_survey_runs_in_a_survey_phase_only(world, survey):
    debate = participation.add_phase(survey.process, OPERATOR, PhaseKind.DEBATE, survey.phase.ends_at,
                                     survey.phase.ends_at + dt.timedelta(days=7))
    with pytest.raises(Invalid, match="enquête") as refusal:
        services.create_survey(survey.process, OPERATOR, slug="z", phase=debate, questionnaire=survey.questionnaire)
    assert refusal.value.field == "phase"


def close(survey):
    """The survey's phase ended yesterday (its answers were given while it ran)."""
    survey.phase.starts_at -= dt.timedelta(days=30)
    survey.phase.ends_at = timezone.now() - dt.timedelta(days=1)
    survey.phase.save()


def test_a_closed_quality_of_life_survey_feeds_the_declared_indicators_once(world, survey, client):
    from madina.indicators.models import Confidence, Revision, Value

    services.answer(survey, world["citizen"], ANSWER)
    services.enter_paper_form(survey, world["gabes_staff"], "P-1", {**ANSWER, "services": 1, "mobilite": 2})
    with pytest.raises(Conflict, match="encore ouverte"):
        services.feed_indicators(survey, world["gabes_staff"])
    close(survey)
    with pytest.raises(NotAllowed):
        services.feed_indicators(survey, world["sfax_staff"])
    assert not Value.objects.exists()
    services.feed_indicators(survey, world["gabes_staff"])
    values = {v.indicator.code: v for v in Value.objects.select_related("indicator")}
    assert {code: v.value for code, v in values.items()} == {
        "QV:SERVICES": 2.5, "QV:SECURITE": 3, "QV:ENV": 2, "QV:MOBILITE": 1.5, "QV:NUMERIQUE": 5}
    services_value = values["QV:SERVICES"]
    assert (services_value.municipality, services_value.year) == (world["gabes"], survey.phase.ends_at.year)
    assert (services_value.source, services_value.method, services_value.confidence, services_value.note) == (
        "Madina survey qdv", "survey", Confidence.DECLARED, "n=2")
    # Closing it again (or from the page) changes nothing; a late paper form corrects and keeps the history.
    assert not any(changed for _value, changed in services.feed_indicators(survey, world["gabes_staff"]))
    assert not Revision.objects.exists()
    services.enter_paper_form(survey, world["gabes_staff"], "P-2", {**ANSWER, "services": 3})
    client.force_login(world["gabes_staff"])
    page = client.get("/enquetes/qdv/resultats/").content.decode()
    assert "/enquetes/qdv/indicateurs/" in page
    assert client.post("/enquetes/qdv/indicateurs/").status_code == 302
    services_value.refresh_from_db()
    assert (services_value.value, services_value.note) == (Decimal("2.67"), "n=3")
    assert services_value.revisions.get().value == Decimal("2.5")
    assert Value.objects.count() == 5 == Revision.objects.count()  # each says how many answered: n=2 before
    client.force_login(world["citizen"])
    assert "/enquetes/qdv/indicateurs/" not in client.get("/enquetes/qdv/resultats/").content.decode()
    assert client.post("/enquetes/qdv/indicateurs/").status_code == 302
    assert Revision.objects.count() == 5


def test_only_the_quality_of_life_survey_feeds_indicators(world, survey):
    from madina.questionnaires.models import Questionnaire as Q

    other = Q.objects.create(slug="autre", version=1, purpose="survey", title="Autre")
    survey.questionnaire = other
    survey.save()
    close(survey)
    with pytest.raises(Invalid):
        services.feed_indicators(survey, world["gabes_staff"])


def test_the_hourly_housekeeping_feeds_a_survey_once_it_closes(world, survey):
    from madina.core import housekeeping
    from madina.indicators.models import Value

    assert housekeeping.JOBS["indicator values fed by closed surveys"] is services.feed_closed_surveys
    services.enter_paper_form(survey, world["gabes_staff"], "P-1", ANSWER)
    assert services.feed_closed_surveys() == 0 and not Value.objects.exists()  # still open
    close(survey)
    assert services.feed_closed_surveys() == 5
    assert services.feed_closed_surveys() == 0  # nothing changes the second time
    assert Value.objects.get(indicator__code="QV:NUMERIQUE").value == 5
    survey.phase.ends_at -= services.FEED_WINDOW
    survey.phase.save()
    services.enter_paper_form(survey, world["gabes_staff"], "P-2", {**ANSWER, "numerique": 1})
    assert services.feed_closed_surveys() == 0  # long closed: the staff's button, not the hourly sweep
