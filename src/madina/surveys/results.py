"""A survey's results, counted from the stored answers: per choice for single and multiple choices, the
distribution and mean for a scale, the mean for a number, the mean rank for a ranking; published texts only."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from madina.questionnaires.models import Kind

from .models import Text, TextState


def published(survey):
    """The free texts a moderator published: the only ones the results page and its file show."""
    return Text.objects.filter(response__survey=survey, state=TextState.PUBLISHED)


def tally(survey, questions) -> list[dict]:
    rows = list(survey.responses.values_list("answers", flat=True))
    texts = {}
    for text in published(survey):
        texts.setdefault(text.question, []).append(text.body)
    return [_question(question, [row[question.code] for row in rows if question.code in row], texts)
            for question in questions]


def _bars(labels_counts, total):
    return [{"label": label, "count": count, "share": round(100 * count / total) if total else 0}
            for label, count in labels_counts]


def _question(question, values, texts) -> dict:
    result = {"question": question, "answered": len(values), "bars": [], "mean": None,
              "texts": texts.get(question.code, [])}
    choices = [(choice.code, choice.label) for choice in question.choices.all()]
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        counts = Counter(code for value in values for code in (value if isinstance(value, list) else [value]))
        result["bars"] = _bars([(label, counts[code]) for code, label in choices], len(values))
    elif question.kind == Kind.SCALE:
        counts = Counter(values)
        result["bars"] = _bars([(str(level), counts[level]) for level in range(1, 6)], len(values))
        result["mean"] = Decimal(sum(values)) / len(values) if values else None
    elif question.kind == Kind.NUMBER:
        result["mean"] = sum(Decimal(v) for v in values) / len(values) if values else None
    elif question.kind == Kind.RANKING:
        ranks = {code: [value.index(code) + 1 for value in values if code in value] for code, _label in choices}
        result["ranks"] = sorted(((Decimal(sum(r)) / len(r), label) for code, label in choices
                                  if (r := ranks[code])), key=lambda pair: pair[0])
    return result
