"""The API's comment votes and proposal drafts: the pages' services, rules and rate limit behind them."""

import pytest
from django.test import Client

from madina.participation import services
from madina.participation.models import Comment, Proposal, ProposalState

from .conftest import INSIDE

API = "/api/v1"


@pytest.fixture
def as_other(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["other_citizen"])
    client.get("/participer/")  # sets the csrftoken cookie
    return client


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json",
                       HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)


def test_the_schema_lists_them(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "post" in paths[f"{API}/comments/{{pk}}/vote"] and "post" in paths[f"{API}/proposals/{{pk}}/publish"]


def test_voting_a_comment_up_down_and_back(as_other, proposal, people):
    comment = services.comment(proposal, people["citizen"], "<p>Un abri, oui.</p>")
    url = f"{API}/comments/{comment.pk}/vote"
    assert (post(as_other, url, {"vote": "up"}).json()["up_count"], Comment.objects.get().score) == (1, 1)
    assert post(as_other, url, {"vote": "up"}).json()["up_count"] == 1  # twice the same way changes nothing
    voted = post(as_other, url, {"vote": "down"}).json()
    assert (voted["up_count"], voted["down_count"]) == (0, 1)
    assert post(as_other, url, {"vote": "none"}).json()["down_count"] == 0
    assert post(as_other, url, {"vote": "sideways"}).status_code == 422
    assert post(as_other, f"{API}/comments/999999/vote", {"vote": "up"}).status_code == 404
    assert Client().post(url, {"vote": "up"}, content_type="application/json").status_code == 401


def test_one_cannot_vote_on_ones_own_comment_and_the_rate_limit_is_the_pages(as_other, proposal, people, settings):
    own = services.comment(proposal, people["other_citizen"], "<p>Le mien</p>")
    assert post(as_other, f"{API}/comments/{own.pk}/vote", {"vote": "up"}).status_code == 403
    settings.PARTICIPATION_COMMENT_VOTE_RATE = (1, 10)
    other = services.comment(proposal, people["citizen"], "<p>Le sien</p>")
    assert post(as_other, f"{API}/comments/{other.pk}/vote", {"vote": "up"}).status_code == 200
    assert post(as_other, f"{API}/comments/{other.pk}/vote", {"vote": "down"}).status_code == 429
    assert Comment.objects.get(pk=other.pk).up_count == 1


def test_a_draft_is_made_seen_by_its_author_only_then_published(as_other, process, sector, client, people):
    body = {"title": "Un jardin partagé", "body": "<p>Derrière l'école</p>", "sector": sector.code,
            "latitude": INSIDE[0], "longitude": INSIDE[1], "draft": True}
    made = post(as_other, f"{API}/processes/{process.slug}/proposals", body)
    assert made.status_code == 201 and made.json()["state"] == ProposalState.DRAFT
    pk = made.json()["id"]
    assert client.get(f"{API}/proposals/{pk}").status_code == 404
    assert client.get(f"{API}/processes/{process.slug}/proposals").json()["count"] == 0
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(people["citizen"])
    stranger.get("/participer/")
    assert post(stranger, f"{API}/proposals/{pk}/publish").status_code == 404  # someone else's draft
    published = post(as_other, f"{API}/proposals/{pk}/publish")
    assert published.status_code == 200 and published.json()["state"] == ProposalState.PUBLISHED
    assert client.get(f"{API}/proposals/{pk}").status_code == 200
    assert post(as_other, f"{API}/proposals/{pk}/publish").status_code == 403  # not a draft any more
    assert Proposal.objects.get(pk=pk).state == ProposalState.PUBLISHED
