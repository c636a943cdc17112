"""Answers checked on the server, whatever sent them (a page, the API, a staff member typing a paper form).

An answer set is a dict {question code: value} in one shape per kind, the shape it is stored in (JSON):
single choice a choice code; multiple choice a list of distinct codes; scale an integer 1-5; number a decimal
written as a string (exact, within the question's bounds); short and long text a string; ranking a list of
distinct choice codes, the first ranked first. Anything else is refused on the question's code, in the person's
words, and nothing is kept.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from madina.core.errors import Invalid
from madina.core.text import whole_number

from .models import Kind

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5_000
NUMBER_LIMIT = Decimal("1e12")


def questions_of(questionnaire):
    """Every question of a questionnaire in order, with its dimension, choices and levels read once."""
    from .models import Question

    return list(Question.objects.filter(questionnaire=questionnaire)
                .select_related("dimension").prefetch_related("choices", "levels")
                .order_by("dimension__order", "order"))


def clean(questions, data, *, complete: bool) -> dict:
    """The answers of `data` that belong to `questions`, each checked; unknown codes are refused. With
    `complete`, every required question must be answered (a submission); without, blanks are allowed (a draft)."""
    if not isinstance(data, dict):
        raise Invalid(_("Les réponses doivent être un objet {code de question : réponse}."), field="answers")
    by_code = {question.code: question for question in questions}
    unknown = sorted(code for code in data if code not in by_code)
    if unknown:
        raise Invalid(_("Question inconnue : %(code)s.") % {"code": str(unknown[0])[:40]}, field="answers")
    cleaned = {}
    for code, question in by_code.items():
        value = data.get(code)
        if _blank(value):
            if complete and question.required:
                raise Invalid(_("Cette question demande une réponse."), field=code)
            continue
        cleaned[code] = clean_one(question, value)
    return cleaned


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def clean_one(question, value):
    """One answer in its stored shape, or Invalid on the question's code."""
    checker = CHECKS[question.kind]
    return checker(question, value)


def _codes(question) -> list[str]:
    return [choice.code for choice in question.choices.all()]


def _single(question, value):
    if not isinstance(value, str) or value not in _codes(question):
        raise Invalid(_("Choisissez une des réponses proposées."), field=question.code)
    return value


def _distinct_codes(question, value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid(_("Choisissez parmi les réponses proposées."), field=question.code)
    known = _codes(question)
    if any(item not in known for item in value) or len(set(value)) != len(value):
        raise Invalid(_("Choisissez parmi les réponses proposées, chacune une fois."), field=question.code)
    return value


def _multiple(question, value):
    chosen = set(_distinct_codes(question, value))
    return [code for code in _codes(question) if code in chosen]


def _ranking(question, value):
    return _distinct_codes(question, value)


def _scale(question, value):
    if isinstance(value, str) and (number := whole_number(value.strip())) is not None:
        value = number
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise Invalid(_("Choisissez un niveau de 1 à 5."), field=question.code)
    return value


def _number(question, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Invalid(_("Saisissez un nombre."), field=question.code)
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        raise Invalid(_("Saisissez un nombre."), field=question.code) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise Invalid(_("Saisissez un nombre."), field=question.code)
    number = number.quantize(Decimal("0.01")).normalize()
    if question.minimum is not None and number < question.minimum:
        raise Invalid(_("Le nombre doit être au moins %(n)s.") % {"n": question.minimum.normalize()},
                      field=question.code)
    if question.maximum is not None and number > question.maximum:
        raise Invalid(_("Le nombre doit être au plus %(n)s.") % {"n": question.maximum.normalize()},
                      field=question.code)
    return format(number, "f")


def _text(limit):
    def check(question, value):
        if not isinstance(value, str):
            raise Invalid(_("Saisissez un texte."), field=question.code)
        text = value.strip()
        if "\x00" in text:
            raise Invalid(_("Ce texte contient un caractère interdit."), field=question.code)
        if len(text) > limit:
            raise Invalid(_("Au plus %(n)d caractères.") % {"n": limit}, field=question.code)
        return text
    return check


CHECKS = {
    Kind.SINGLE: _single,
    Kind.MULTIPLE: _multiple,
    Kind.SCALE: _scale,
    Kind.NUMBER: _number,
    Kind.SHORT_TEXT: _text(SHORT_TEXT_MAX),
    Kind.LONG_TEXT: _text(LONG_TEXT_MAX),
    Kind.RANKING: _ranking,
}


def from_post(questions, post) -> dict:
    """What a page's form posted, in the answers' shape (before `clean`): `q-CODE` for one value, several for a
    multiple choice, and for a ranking `q-CODE-CHOICE` = the rank a person gave each choice (a blank rank leaves
    the choice out; two choices on one rank are refused by `clean` as a repeat)."""
    data = {}
    for question in questions:
        name = f"q-{question.code}"
        if question.kind == Kind.MULTIPLE:
            data[question.code] = post.getlist(name)
        elif question.kind == Kind.RANKING:
            data[question.code] = _ranks(question, post, name)
        else:
            data[question.code] = post.get(name, "")
    return data


def _ranks(question, post, name):
    ranked = []
    for choice in question.choices.all():
        rank = post.get(f"{name}-{choice.code}", "").strip()
        if rank:
            if not 1 <= (whole_number(rank) or 0) <= len(question.choices.all()):
                raise Invalid(_("Donnez à chaque choix un rang entre 1 et %(n)d.")
                              % {"n": len(question.choices.all())}, field=question.code)
            ranked.append((int(rank), choice.code))
    ranks = [rank for rank, _code in ranked]
    if len(set(ranks)) != len(ranks):
        raise Invalid(_("Deux choix ne peuvent pas avoir le même rang."), field=question.code)
    return [code for _rank, code in sorted(ranked)]
