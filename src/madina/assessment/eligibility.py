"""The verdict of a campaign's eligibility rule on a municipality's scores, with its reasons and what would
change it: pure functions over plain data (no Django), tested on any scores (tests/assessment/test_eligibility.py).

The rule: overall score at least `threshold` and no dimension under `floor` gives ELIGIBLE. With the overall
score at the threshold but some dimensions under the floor, each by at most `margin`, the municipality is
ELIGIBLE_WITH_CONDITIONS: the conditions are to bring those dimensions to the floor. Anything else is NOT_YET.
Reasons and changes are data (codes and numbers); the pages put them in words, in the person's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

ELIGIBLE = "eligible"
ELIGIBLE_WITH_CONDITIONS = "conditional"
NOT_YET = "not_yet"


@dataclass(frozen=True)
class Rule:
    threshold: Fraction
    floor: Fraction
    margin: Fraction


@dataclass(frozen=True)
class Reason:
    """`overall_met`/`overall_short` (value against the threshold), `dimension_under_floor`, `dimension_far_under`
    (under floor − margin), `unscored` (a dimension nobody answered)."""

    kind: str
    value: Fraction | None
    target: Fraction
    dimension: str = ""


@dataclass(frozen=True)
class Change:
    """Bring `dimension` (or the overall score, dimension "") from `value` to at least `target`."""

    dimension: str
    value: Fraction | None
    target: Fraction


@dataclass(frozen=True)
class Verdict:
    outcome: str
    reasons: tuple[Reason, ...]
    changes: tuple[Change, ...]
    """What would move the verdict one step up (none when eligible)."""


def judge(rule: Rule, overall: Fraction | None, dimensions: Mapping[str, Fraction | None]) -> Verdict:
    reasons: list[Reason] = []
    overall_met = overall is not None and overall >= rule.threshold
    reasons.append(Reason("overall_met" if overall_met else "overall_short", overall, rule.threshold))
    unscored = [code for code, score in dimensions.items() if score is None]
    under = {code: score for code, score in dimensions.items() if score is not None and score < rule.floor}
    far = {code: score for code, score in under.items() if score < rule.floor - rule.margin}
    reasons += [Reason("unscored", None, rule.floor, code) for code in unscored]
    reasons += [Reason("dimension_far_under" if code in far else "dimension_under_floor", score, rule.floor, code)
                for code, score in under.items()]
    if overall_met and not under and not unscored:
        return Verdict(ELIGIBLE, tuple(reasons), ())
    if overall_met and not far and not unscored:
        return Verdict(ELIGIBLE_WITH_CONDITIONS, tuple(reasons),
                       tuple(Change(code, score, rule.floor) for code, score in under.items()))
    changes = [] if overall_met else [Change("", overall, rule.threshold)]
    changes += [Change(code, None, rule.floor - rule.margin) for code in unscored]
    changes += [Change(code, score, rule.floor - rule.margin) for code, score in far.items()]
    return Verdict(NOT_YET, tuple(reasons), tuple(changes))
