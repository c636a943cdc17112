"""The staff open a survey from the quality-of-life template or with their own questions (every kind of the
engine), which change only until the first answer; others are refused, bad input is a 400 with nothing written."""

import datetime as dt

import pytest
from django.utils import timezone

from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.questionnaires.models import Kind, Question, Questionnaire
from madina.surveys import design, services
from madina.surveys.models import Survey


@pytest.fixture
def process(world):
    now = timezone.now()
    made = participation.create_process(OPERATOR, municipality=world["gabes"], slug="gabes", title="Gabès")
    participation.add_phase(made, OPERATOR, PhaseKind.SURVEY, now - dt.timedelta(days=1), now + dt.timedelta(days=7))
    participation.add_phase(made, OPERATOR, PhaseKind.DEBATE, now + dt.timedelta(days=7), now + dt.timedelta(days=9))
    return made


def test_the_template_or_own_questions_of_every_kind(world, process):
    phase = process.phases.get(kind=PhaseKind.SURVEY)
    staff = world["gabes_staff"]
    qdv = design.open_survey(process, staff, slug="qdv", phase=phase, template=True)
    assert qdv.questionnaire.slug == "qualite-de-vie" and not design.has_own_questions(qdv)
    with pytest.raises(Conflict):
        design.add_question(qdv, staff, kind=Kind.SCALE, text="Encore ?")
    own = design.open_survey(process, staff, slug="marche", phase=phase, template=False, title="Le marché")
    assert design.has_own_questions(own)
    for kind in Kind.values:
        choices = "Oui\nNon\nPeut-être" if kind in design.CHOICE_KINDS else ""
        design.add_question(own, staff, kind=kind, text=f"Question {kind}", choices=choices, required=False)
    assert list(own.questionnaire.questions.values_list("kind", flat=True)) == Kind.values
    ranking = own.questionnaire.questions.get(kind=Kind.RANKING)
    assert list(ranking.choices.values_list("code", "label")) == [("c1", "Oui"), ("c2", "Non"), ("c3", "Peut-être")]
    services.answer(own, world["citizen"], {"q1": "c2", "q7": ["c3", "c1"]})
    with pytest.raises(Conflict, match="réponses"):
        design.add_question(own, staff, kind=Kind.SCALE, text="Trop tard")
    with pytest.raises(Conflict):
        design.remove_question(own, staff, ranking)


def test_refusals_write_nothing(world, process):
    phase = process.phases.get(kind=PhaseKind.SURVEY)
    debate = process.phases.get(kind=PhaseKind.DEBATE)
    staff = world["gabes_staff"]
    for who in ("sfax_staff", "citizen"):
        with pytest.raises(NotAllowed):
            design.open_survey(process, world[who], slug="x", phase=phase, template=True)
    for bad in ({"phase": debate, "template": True}, {"template": False, "title": " "},
                {"template": False, "title": "t" * 201}, {"template": False, "title": "T", "slug": "pas un slug"}):
        with pytest.raises(Invalid):
            design.open_survey(process, staff, **{"slug": "x", "phase": phase, **bad})
    assert not Survey.objects.exists() and not Questionnaire.objects.filter(slug__startswith="enquete-").exists()
    own = design.open_survey(process, staff, slug="x", phase=phase, template=False, title="T")
    with pytest.raises(Invalid):
        design.open_survey(process, staff, slug="x", phase=phase, template=False, title="T")
    for bad in ({"kind": "essay", "text": "Q"}, {"kind": Kind.SINGLE, "text": "Q", "choices": "Seul"},
                {"kind": Kind.SINGLE, "text": "Q", "choices": "A\nA"}, {"kind": Kind.NUMBER, "text": "Q", "choices": "A\nB"},
                {"kind": Kind.SCALE, "text": "  "}, {"kind": Kind.SCALE, "text": "Q" * 501},
                {"kind": Kind.MULTIPLE, "text": "Q", "choices": "\n".join(str(n) for n in range(13))}):
        with pytest.raises(Invalid):
            design.add_question(own, staff, **bad)
    with pytest.raises(NotAllowed):
        design.add_question(own, world["sfax_staff"], kind=Kind.SCALE, text="Q")
    assert not Question.objects.filter(questionnaire=own.questionnaire).exists()


def test_the_pages(client, world, process):
    url = "/enquetes/concertations/gabes/nouvelle/"
    phase = process.phases.get(kind=PhaseKind.SURVEY)
    assert client.get(url).status_code == 302
    client.force_login(world["sfax_staff"])
    assert client.get(url).status_code == 403
    assert url not in client.get(process.get_absolute_url()).content.decode()
    client.force_login(world["gabes_staff"])
    assert url in client.get(process.get_absolute_url()).content.decode()
    assert client.post(url, {"slug": "marche", "phase": phase.pk, "start": "own", "title": ""}).status_code == 400
    assert client.post(url, {"slug": "marche", "phase": "x", "start": "own", "title": "M"}).status_code == 400
    response = client.post(url, {"slug": "marche", "phase": phase.pk, "start": "own", "title": "Le marché"})
    assert response.status_code == 302 and response["Location"] == "/enquetes/marche/questions/"
    questions = "/enquetes/marche/questions/"
    assert client.post(questions, {"kind": "single", "text": "Le samedi ?", "choices": "Oui"}).status_code == 400
    assert client.post(questions, {"kind": "single", "text": "Le samedi ?", "choices": "Oui\nNon",
                                   "required": "on"}).status_code == 302
    assert "Le samedi ?" in client.get("/enquetes/marche/").content.decode()
    assert client.post(questions, {"remove": "q9"}).status_code == 404
    assert client.post(questions, {"remove": "q1"}).status_code == 302
    assert not Question.objects.filter(questionnaire__slug="enquete-marche").exists()
    response = client.post(url, {"slug": "qdv", "phase": phase.pk, "start": "template"})
    assert response["Location"] == "/enquetes/qdv/"
    client.force_login(world["citizen"])
    assert client.get(questions).status_code == 403
