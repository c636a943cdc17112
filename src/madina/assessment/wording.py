"""A verdict's reasons and changes in words, in the person's language (eligibility.py gives them as data)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from madina.core.numbers import number

from . import eligibility


def score(value) -> str:
    """A score as people read it: one decimal, in the page's number format."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return number(Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP), 1)


def reasons(verdict: eligibility.Verdict, titles: dict[str, str]) -> list[str]:
    said = []
    for reason in verdict.reasons:
        words = {"value": score(reason.value), "target": score(reason.target),
                 "dimension": titles.get(reason.dimension, reason.dimension)}
        if reason.kind == "overall_met":
            said.append(_("Score global %(value)s, au moins le seuil de %(target)s.") % words)
        elif reason.kind == "overall_short":
            said.append(_("Score global %(value)s, sous le seuil de %(target)s.") % words)
        elif reason.kind == "unscored":
            said.append(_("« %(dimension)s » n'a pas de score : aucune de ses questions n'a de réponse.") % words)
        elif reason.kind == "dimension_under_floor":
            said.append(_("« %(dimension)s » à %(value)s, sous le plancher de %(target)s mais dans la marge.") % words)
        else:
            said.append(_("« %(dimension)s » à %(value)s, loin sous le plancher de %(target)s.") % words)
    return said


def changes(verdict: eligibility.Verdict, titles: dict[str, str]) -> list[str]:
    said = []
    for change in verdict.changes:
        words = {"value": score(change.value), "target": score(change.target),
                 "dimension": titles.get(change.dimension, change.dimension)}
        if not change.dimension:
            said.append(_("Porter le score global de %(value)s à au moins %(target)s.") % words)
        else:
            said.append(_("Porter « %(dimension)s » de %(value)s à au moins %(target)s.") % words)
    return said
