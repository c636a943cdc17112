"""Every kind of question accepts its shape and refuses anything else on its own code, whatever sends it."""

import pytest
from django.http import QueryDict

from madina.core.errors import Invalid
from madina.questionnaires import answers
from madina.questionnaires.models import Choice, Dimension, Kind, Question, Questionnaire


@pytest.fixture
def questions(db):
    questionnaire = Questionnaire.objects.create(slug="essai", purpose="survey", title="Essai")
    dimension = Dimension.objects.create(questionnaire=questionnaire, code="vie", title="Vie")
    made = []
    for order, kind in enumerate(Kind.values):
        question = Question.objects.create(questionnaire=questionnaire, dimension=dimension, code=kind, order=order,
                                           kind=kind, text=kind, required=kind != Kind.LONG_TEXT, minimum=0,
                                           maximum=100 if kind == Kind.NUMBER else None)
        if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING):
            for n, code in enumerate(("bus", "velo", "marche")):
                Choice.objects.create(question=question, code=code, order=n, label=code)
        made.append(question)
    return answers.questions_of(questionnaire)


GOOD = {"single": "bus", "multiple": ["marche", "bus"], "scale": 4, "number": "12,5", "short_text": "  Oui ",
        "long_text": "Un long texte", "ranking": ["velo", "bus"]}
STORED = {"single": "bus", "multiple": ["bus", "marche"], "scale": 4, "number": "12.5", "short_text": "Oui",
          "long_text": "Un long texte", "ranking": ["velo", "bus"]}


def test_good_answers_are_kept_in_their_stored_shape(questions):
    assert answers.clean(questions, GOOD, complete=True) == STORED


@pytest.mark.parametrize(("code", "value"), [
    ("single", "avion"), ("single", ["bus"]), ("multiple", "bus"), ("multiple", ["bus", "bus"]),
    ("multiple", [1]), ("scale", 0), ("scale", 6), ("scale", True), ("scale", "3.5"), ("scale", {}),
    ("number", "douze"), ("number", "NaN"), ("number", "Infinity"), ("number", "1e400"), ("number", -1),
    ("number", 101), ("number", {"n": 1}), ("short_text", "x" * 201), ("short_text", 5), ("long_text", "x" * 5001),
    ("ranking", ["velo", "velo"]), ("ranking", ["avion"]), ("ranking", "velo"),
])
def test_bad_answers_are_refused_on_their_question(questions, code, value):
    with pytest.raises(Invalid) as refusal:
        answers.clean(questions, {**GOOD, code: value}, complete=False)
    assert refusal.value.field == code


def test_a_draft_may_leave_blanks_but_a_submission_may_not(questions):
    assert answers.clean(questions, {"scale": 2, "single": ""}, complete=False) == {"scale": 2}
    with pytest.raises(Invalid) as refusal:
        answers.clean(questions, {"scale": 2}, complete=True)
    assert refusal.value.field == "single"
    assert "long_text" not in answers.clean(questions, {**GOOD, "long_text": " "}, complete=True)


@pytest.mark.parametrize("data", [[], "texte", {"inconnue": 1}])
def test_an_answer_set_of_another_shape_is_refused(questions, data):
    with pytest.raises(Invalid):
        answers.clean(questions, data, complete=False)


def test_a_page_posts_ranks_and_ticks(questions):
    post = QueryDict(mutable=True)
    post.update({"q-single": "bus", "q-scale": "5", "q-ranking-marche": "1", "q-ranking-bus": "2"})
    post.setlist("q-multiple", ["velo", "bus"])
    data = answers.from_post(questions, post)
    assert data["ranking"] == ["marche", "bus"] and data["multiple"] == ["velo", "bus"]
    assert answers.clean(questions, data, complete=False)["scale"] == 5
    post["q-ranking-velo"] = "1"
    with pytest.raises(Invalid):
        answers.from_post(questions, post)
    post["q-ranking-velo"] = "9"
    with pytest.raises(Invalid):
        answers.from_post(questions, post)
