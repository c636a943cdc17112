"""Maturity scores, computed the same way wherever they show: pure functions over plain data (no Django), so
that their properties are tested on any data (tests/questionnaires/test_scoring.py, hypothesis).

A dimension's score is the weighted mean of the levels (1-5) given to its scale questions; the overall score is
the weighted mean of the scored dimensions. A dimension with no answered scale question has no score and does
not count. Fractions keep the arithmetic exact; pages round when they show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class ScaleQuestion:
    code: str
    weight: int


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    weight: int
    questions: tuple[ScaleQuestion, ...]


def weighted_mean(pairs: Sequence[tuple[int, Fraction | int]]) -> Fraction | None:
    """Σ weight × value / Σ weight over pairs with a positive weight; None when nothing weighs."""
    total = sum(weight for weight, _value in pairs if weight > 0)
    if not total:
        return None
    return Fraction(sum(weight * Fraction(value) for weight, value in pairs if weight > 0)) / total


def dimension_scores(dimensions: Sequence[DimensionSpec], levels: Mapping[str, int]) -> dict[str, Fraction | None]:
    return {
        dimension.code: weighted_mean([(q.weight, levels[q.code]) for q in dimension.questions if q.code in levels])
        for dimension in dimensions
    }


def overall_score(dimensions: Sequence[DimensionSpec], scores: Mapping[str, Fraction | None]) -> Fraction | None:
    return weighted_mean([(d.weight, scores[d.code]) for d in dimensions if scores.get(d.code) is not None])


def specs(questions) -> tuple[DimensionSpec, ...]:
    """The scoring shape of a questionnaire's questions (model rows or anything with the same attributes), in
    their order; only scale questions are scored."""
    dimensions: dict[str, tuple[object, list[ScaleQuestion]]] = {}
    for question in questions:
        entry = dimensions.setdefault(question.dimension.code, (question.dimension, []))
        if question.kind == "scale":
            entry[1].append(ScaleQuestion(question.code, question.weight))
    return tuple(DimensionSpec(code, dimension.weight, tuple(scored)) for code, (dimension, scored) in dimensions.items())
