"""Readiness open data: campaigns, their validated results by municipality (scores per dimension, overall,
verdict with its reasons and changes as data), and the staff's writes: a draft of answers and its submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema

from madina.accounts.tokens import API_AUTH
from madina.core.api import WRITE, responses
from madina.core.errors import NotFound

from . import queries, services
from .rules import can_read_answers

router = Router(tags=["readiness"])


class DimensionOut(Schema):
    code: str
    title: str
    weight: int


class CampaignOut(Schema):
    slug: str
    title: str
    url: str
    questionnaire: str
    edition: str | None
    closes_on: dt.date
    threshold: Decimal
    floor: Decimal
    margin: Decimal

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_questionnaire(obj) -> str:
        return f"{obj.questionnaire.slug}/v{obj.questionnaire.version}"

    @staticmethod
    def resolve_edition(obj) -> str | None:
        return obj.edition.slug if obj.edition_id else None


class ReasonOut(Schema):
    kind: str = Field(description="overall_met, overall_short, unscored, dimension_under_floor, dimension_far_under")
    dimension: str
    value: float | None
    target: float


class ChangeOut(Schema):
    dimension: str = Field(description="a dimension's code, or empty for the overall score")
    value: float | None
    target: float


class ResultOut(Schema):
    municipality: str
    municipality_name: str
    url: str
    state: str
    overall: Decimal | None
    verdict: str
    scores: dict[str, Decimal | None]
    reasons: list[ReasonOut]
    changes: list[ChangeOut]
    validated_at: dt.datetime | None


class CampaignDetailOut(CampaignOut):
    dimensions: list[DimensionOut]
    results: list[ResultOut]


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(description="{question code: answer}, one shape per kind (questionnaires)")
    notes: dict[str, str] = Field(default_factory=dict, description="{question code: explanation}")


class AnswersOut(Schema):
    state: str
    answers: dict[str, Any]
    notes: dict[str, str]


def _result(assessment) -> dict:
    verdict = queries.verdict(assessment)
    return {
        "municipality": assessment.municipality.slug, "municipality_name": assessment.municipality.name,
        "url": assessment.get_absolute_url(), "state": assessment.state, "overall": assessment.overall,
        "verdict": assessment.verdict, "validated_at": assessment.validated_at,
        "scores": {code: None if value is None else Decimal(value) for code, value in assessment.scores.items()},
        "reasons": [{"kind": r.kind, "dimension": r.dimension, "value": None if r.value is None else float(r.value),
                     "target": float(r.target)} for r in (verdict.reasons if verdict else ())],
        "changes": [{"dimension": c.dimension, "value": None if c.value is None else float(c.value),
                     "target": float(c.target)} for c in (verdict.changes if verdict else ())],
    }


@router.get("/readiness/campaigns", response=responses({200: list[CampaignOut]}), url_name="readiness_campaigns")
def list_campaigns(request):
    return list(queries.campaigns().select_related("questionnaire"))


@router.get("/readiness/campaigns/{slug}", response=responses({200: CampaignDetailOut}, 404),
            url_name="readiness_campaign", summary="A campaign and its validated results")
def get_campaign(request, slug: str):
    campaign = queries.campaign(slug)
    campaign.dimensions = queries.dimensions(campaign)
    campaign.results = [_result(a) for a in queries.assessments(campaign, validated_only=True)]
    return campaign


def _assessment(request, slug, place, user):
    try:
        return queries.assessment(queries.campaign(slug), place, user)
    except Http404:
        raise NotFound() from None


@router.get("/readiness/campaigns/{slug}/results/{place}", response=responses({200: ResultOut}, 404),
            url_name="readiness_result", summary="A municipality's result (validated, or any state for its staff)")
def get_result(request, slug: str, place: str):
    return _result(_assessment(request, slug, place, request.user))


@router.get("/readiness/campaigns/{slug}/results/{place}/answers", response=responses({200: AnswersOut}, 401, 404),
            auth=API_AUTH, url_name="readiness_answers", summary="The answers (the municipality's staff, reviewers)")
def get_answers(request, slug: str, place: str):
    assessment = _assessment(request, slug, place, request.auth)
    if not can_read_answers.test(request.auth, assessment):
        raise NotFound()
    return assessment


@router.put("/readiness/campaigns/{slug}/results/{place}/answers", response=responses({200: AnswersOut}, *WRITE),
            auth=API_AUTH, summary="Keep a draft of the answers (the municipality's staff; session + CSRF or token)")
def put_answers(request, slug: str, place: str, data: AnswersIn):
    assessment = _assessment(request, slug, place, request.auth)
    return services.save_answers(assessment, request.auth, data.answers, data.notes)


@router.post("/readiness/campaigns/{slug}/results/{place}/submit", response=responses({200: ResultOut}, *WRITE),
             auth=API_AUTH, summary="Submit the answers to the reviewers")
def submit(request, slug: str, place: str):
    return _result(services.submit(_assessment(request, slug, place, request.auth), request.auth))
