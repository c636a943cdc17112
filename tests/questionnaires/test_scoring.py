"""Maturity scores on any answers: inside the 1-5 scale, between their parts, blind to order and to a common
factor of the weights."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.questionnaires.scoring import DimensionSpec, ScaleQuestion, dimension_scores, overall_score

weights = st.integers(min_value=1, max_value=9)


@st.composite
def questionnaires(draw):
    count = draw(st.integers(1, 7))
    dimensions, levels = [], {}
    for d in range(count):
        questions = tuple(ScaleQuestion(f"q{d}-{i}", draw(weights)) for i in range(draw(st.integers(0, 4))))
        dimensions.append(DimensionSpec(f"d{d}", draw(weights), questions))
        for question in questions:
            if draw(st.booleans()):
                levels[question.code] = draw(st.integers(1, 5))
    return dimensions, levels


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_scores_stay_on_the_scale_and_overall_sits_between_its_dimensions(data):
    dimensions, levels = data
    scores = dimension_scores(dimensions, levels)
    for dimension in dimensions:
        answered = [levels[q.code] for q in dimension.questions if q.code in levels]
        if answered:
            assert min(answered) <= scores[dimension.code] <= max(answered)
        else:
            assert scores[dimension.code] is None
    overall = overall_score(dimensions, scores)
    present = [score for score in scores.values() if score is not None]
    assert (overall is None) == (not present)
    if present:
        assert min(present) <= overall <= max(present)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires(), st.integers(2, 5))
def test_order_and_a_common_weight_factor_change_nothing(data, factor):
    dimensions, levels = data
    scores = dimension_scores(dimensions, levels)
    scaled = [DimensionSpec(d.code, d.weight * factor, tuple(ScaleQuestion(q.code, q.weight * factor)
                                                          for q in reversed(d.questions))) for d in reversed(dimensions)]
    assert dimension_scores(scaled, levels) == scores
    assert overall_score(scaled, scores) == overall_score(dimensions, scores)


def test_weights_count():
    dimension = DimensionSpec("d", 1, (ScaleQuestion("a", 3), ScaleQuestion("b", 1)))
    scores = dimension_scores([dimension], {"a": 5, "b": 1})
    assert scores == {"d": Fraction(4)}
