"""Reads of readiness campaigns, each with what its page shows read at once; a missing object is Http404."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from madina.accounts.rules import is_organiser
from madina.core.models import joined_without_geometry
from madina.questionnaires.models import Dimension
from madina.territory.queries import managed_municipalities

from . import eligibility
from .models import Assessment, Campaign, State
from .rules import can_see_result


def campaigns():
    return Campaign.objects.select_related("edition").annotate(
        invited=Count("assessments"),
        validated=Count("assessments", filter=Q(assessments__state=State.VALIDATED)),
    )


def campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire", "edition"), slug=slug)


def dimensions(campaign: Campaign) -> list[Dimension]:
    return list(campaign.questionnaire.dimensions.order_by("order"))


def assessments(campaign: Campaign, *, validated_only: bool):
    rows = joined_without_geometry(campaign.assessments.all(), "municipality__governorate").order_by(
        "municipality__name")
    return rows.filter(state=State.VALIDATED) if validated_only else rows


def assessment(campaign: Campaign, place: str, user) -> Assessment:
    """The assessment of a municipality in a campaign, if this person may see at least its result."""
    found = joined_without_geometry(Assessment.objects, "campaign__questionnaire", "municipality__governorate").filter(
        campaign=campaign, municipality__slug=place).first()
    if found is None or not can_see_result.test(user, found):
        raise Http404
    return found


def latest_result(municipality) -> Assessment | None:
    """The municipality's most recently validated assessment: what its page and caravan stops show."""
    if municipality is None:
        return None
    return (Assessment.objects.filter(municipality=municipality, state=State.VALIDATED)
            .select_related("campaign__questionnaire").order_by("-validated_at").first())


def scored_dimensions(assessment: Assessment, dimensions: list[Dimension]) -> list[tuple[Dimension, Decimal | None]]:
    return [(dimension, _decimal(assessment.scores.get(dimension.code))) for dimension in dimensions]


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def verdict(assessment: Assessment) -> eligibility.Verdict | None:
    """The verdict with its reasons and changes, from the stored scores (the same ones the table shows)."""
    if assessment.overall is None and not assessment.scores:
        return None
    campaign = assessment.campaign
    rule = eligibility.Rule(Fraction(campaign.threshold), Fraction(campaign.floor), Fraction(campaign.margin))
    scores = {code: None if value is None else Fraction(Decimal(value)) for code, value in assessment.scores.items()}
    overall = None if assessment.overall is None else Fraction(assessment.overall)
    return eligibility.judge(rule, overall, scores)


def weakest(assessment: Assessment, count: int = 3) -> list[tuple[Dimension, Decimal]]:
    """The dimensions with the lowest scores, lowest first: where a caravan workshop starts."""
    scored = [(d, s) for d, s in scored_dimensions(assessment, dimensions(assessment.campaign)) if s is not None]
    return sorted(scored, key=lambda pair: (pair[1], pair[0].order))[:count]


def assessments_to_fill(user):
    """The assessments this person's municipalities have to answer, open ones first (organisers review instead)."""
    if not user.is_authenticated or is_organiser(user):
        return Assessment.objects.none()
    return joined_without_geometry(
        Assessment.objects.filter(municipality__in=managed_municipalities(user)), "campaign", "municipality"
    ).order_by("-campaign__closes_on", "municipality__name")
