"""What a person types into participation is bounded the same in the API, the services and the forms: a title the
column cannot hold, a 2 MB comment or proposal, an organisation name too long are 422 on their field, never a
server error; the process page refuses a NUL in its filters and keeps huge page numbers on its last page."""

import pytest
from django.urls import reverse

from madina.core.errors import Invalid
from madina.participation import services

from .conftest import INSIDE


def proposal_data(sector, **extra):
    return {"title": "Un abri", "body": "<p>Il fait chaud.</p>", "sector": sector.code,
            "latitude": INSIDE[0], "longitude": INSIDE[1], **extra}


@pytest.fixture
def citizen_client(client, people):
    client.force_login(people["citizen"])
    return client


@pytest.mark.parametrize(("extra", "field"), [
    ({"title": "x" * 300}, "title"),
    ({"body": "x" * (services.PROPOSAL_BODY_MAX + 1)}, "body"),
    ({"latitude": 1e20}, "latitude"),
    ({"longitude": "NaN"}, "longitude"),
])
def test_a_proposal_out_of_bounds_is_a_422_on_its_field(citizen_client, process, sector, extra, field):
    response = citizen_client.post(f"/api/v1/processes/{process.slug}/proposals", proposal_data(sector, **extra),
                                   content_type="application/json")
    assert response.status_code == 422 and field in response.json()["errors"], response.content
    assert not process.proposals.exists()


def test_the_services_check_the_same_whoever_calls_them(process, proposal, people, sector):
    with pytest.raises(Invalid) as refusal:
        services.create_proposal(process, people["other_citizen"], title="x" * 201, body="b", sector=sector,
                                 latitude=INSIDE[0], longitude=INSIDE[1])
    assert list(refusal.value.errors) == ["title"]
    with pytest.raises(Invalid) as refusal:
        services.edit_proposal(proposal, people["citizen"], title="t", body="x" * (services.PROPOSAL_BODY_MAX + 1),
                               sector=sector, latitude=INSIDE[0], longitude=INSIDE[1])
    assert list(refusal.value.errors) == ["body"]
    with pytest.raises(Invalid) as refusal:
        services.comment(proposal, people["citizen"], "x" * (services.COMMENT_MAX + 1))
    assert list(refusal.value.errors) == ["body"]
    with pytest.raises(Invalid) as refusal:
        services.endorse(proposal, people["other_citizen"], "x" * 300)
    assert list(refusal.value.errors) == ["organisation"]


def test_a_comment_is_capped_in_the_api_as_in_the_form(citizen_client, proposal):
    too_long = citizen_client.post(f"/api/v1/proposals/{proposal.pk}/comments",
                                   {"body": "x" * 2_000_000}, content_type="application/json")
    assert too_long.status_code == 422 and list(too_long.json()["errors"]) == ["body"]
    longest = citizen_client.post(f"/api/v1/proposals/{proposal.pk}/comments",
                                  {"body": "x" * services.COMMENT_MAX}, content_type="application/json")
    assert longest.status_code == 201


def test_the_process_page_refuses_a_nul_and_keeps_a_huge_page_on_the_last(client, process, proposal):
    url = reverse("participation:process_detail", kwargs={"slug": process.slug})
    refused = client.get(url, {"q": "\x00"})
    assert refused.status_code == 400 and "caractère nul" in refused.content.decode()
    assert client.get(url, {"page": "9223372036854775807"}).status_code == 200
    assert client.get(f"/api/v1/processes/{process.slug}/proposals", {"page": "9223372036854775807"}).status_code == 422
