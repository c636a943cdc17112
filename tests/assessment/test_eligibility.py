"""The eligibility verdict on any scores: what it says follows the rule, every dimension under the floor is
named, and doing what it says would change moves the verdict up."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madina.assessment.eligibility import ELIGIBLE, ELIGIBLE_WITH_CONDITIONS, NOT_YET, Rule, judge

RANK = {NOT_YET: 0, ELIGIBLE_WITH_CONDITIONS: 1, ELIGIBLE: 2}
score = st.fractions(min_value=1, max_value=5, max_denominator=100)
rules = st.builds(Rule, threshold=score, floor=score, margin=st.fractions(min_value=0, max_value=2,
                                                                             max_denominator=10))
dimension_scores = st.dictionaries(st.sampled_from([f"d{i}" for i in range(7)]), st.none() | score, min_size=1)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules, st.none() | score, dimension_scores)
def test_the_verdict_follows_the_rule(rule, overall, dimensions):
    verdict = judge(rule, overall, dimensions)
    scored = [s for s in dimensions.values() if s is not None]
    complete = len(scored) == len(dimensions)
    overall_met = overall is not None and overall >= rule.threshold
    if verdict.outcome == ELIGIBLE:
        assert overall_met and complete and all(s >= rule.floor for s in scored)
        assert not verdict.changes
    elif verdict.outcome == ELIGIBLE_WITH_CONDITIONS:
        assert overall_met and complete and all(s >= rule.floor - rule.margin for s in scored)
        assert {c.dimension for c in verdict.changes} == {d for d, s in dimensions.items() if s < rule.floor}
    else:
        assert not overall_met or not complete or any(s < rule.floor - rule.margin for s in scored)
        assert verdict.changes
    named = {r.dimension for r in verdict.reasons if r.dimension}
    assert named == {d for d, s in dimensions.items() if s is None or s < rule.floor}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules, st.none() | score, dimension_scores)
def test_doing_what_it_says_moves_the_verdict_up(rule, overall, dimensions):
    verdict = judge(rule, overall, dimensions)
    if verdict.outcome == ELIGIBLE:
        return
    improved, new_overall = dict(dimensions), overall
    for change in verdict.changes:
        if change.dimension:
            improved[change.dimension] = change.target
        else:
            new_overall = change.target
    assert RANK[judge(rule, new_overall, improved).outcome] > RANK[verdict.outcome]


def test_a_dimension_just_under_the_floor_is_a_condition():
    rule = Rule(Fraction(3), Fraction(2), Fraction(1, 2))
    verdict = judge(rule, Fraction(7, 2), {"gouvernance": Fraction(9, 5), "donnees": Fraction(4)})
    assert verdict.outcome == ELIGIBLE_WITH_CONDITIONS
    assert [(c.dimension, c.target) for c in verdict.changes] == [("gouvernance", Fraction(2))]
