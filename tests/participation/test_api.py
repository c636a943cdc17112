"""The API: public reads, writes with the session and its CSRF token, all in the OpenAPI schema."""

import pytest
from django.test import Client

from madina.participation import services
from madina.participation.models import Comment, Proposal
from madina.participation.phases import PhaseKind

from .conftest import INSIDE, OUTSIDE, set_phase

API = "/api/v1"


def test_schema_lists_every_participation_operation(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths[f"{API}/processes/{{slug}}/proposals"])
    assert {"post", "delete"} <= set(paths[f"{API}/proposals/{{pk}}/support"])
    assert {"get", "post"} <= set(paths[f"{API}/proposals/{{pk}}/comments"])
    assert "get" in paths[f"{API}/proposals/{{pk}}"]


def test_list_and_detail(client, proposal):
    listing = client.get(f"{API}/processes/{proposal.process.slug}/proposals?sort=supports").json()
    assert listing["count"] == 1
    assert listing["items"][0]["title"] == proposal.title
    detail = client.get(f"{API}/proposals/{proposal.pk}").json()
    assert detail["sector"] == proposal.sector.code and detail["support_count"] == 0
    process = client.get(f"{API}/processes/{proposal.process.slug}").json()
    assert process["current_phase"]["kind"] == PhaseKind.PROPOSALS
    assert client.get(f"{API}/proposals/999999").status_code == 404


@pytest.fixture
def csrf_client(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["other_citizen"])
    client.get("/participer/")  # sets the csrftoken cookie
    return client


def test_writes_need_a_session_and_csrf(client, csrf_client, process, sector):
    body = {"title": "Pistes cyclables", "body": "<p>Vers la plage</p>", "sector": sector.code,
            "latitude": INSIDE[0], "longitude": INSIDE[1]}
    url = f"{API}/processes/{process.slug}/proposals"
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert csrf_client.post(url, body, content_type="application/json").status_code == 403
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert Proposal.objects.get().title == "Pistes cyclables"
    outside = {**body, "latitude": OUTSIDE[0], "longitude": OUTSIDE[1]}
    response = csrf_client.post(url, outside, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 422 and "hors de la municipalité" in response.json()["detail"]


def test_support_and_comment(csrf_client, proposal):
    token = csrf_client.cookies["csrftoken"].value
    url = f"{API}/proposals/{proposal.pk}/support"
    assert csrf_client.post(url, HTTP_X_CSRFTOKEN=token).status_code == 403  # proposals phase: no supports yet
    set_phase(proposal.process, PhaseKind.SUPPORTS)
    assert csrf_client.post(url, HTTP_X_CSRFTOKEN=token).json() == {"supported": True, "support_count": 1}
    assert csrf_client.post(url, HTTP_X_CSRFTOKEN=token).json() == {"supported": True, "support_count": 1}
    assert csrf_client.delete(url, HTTP_X_CSRFTOKEN=token).json() == {"supported": False, "support_count": 0}
    comments = f"{API}/proposals/{proposal.pk}/comments"
    first = csrf_client.post(comments, {"body": "Oui"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert first.status_code == 201
    reply = csrf_client.post(comments, {"body": "Et toi ?", "parent": first.json()["id"]},
                             content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert reply.json()["parent"] == first.json()["id"]
    assert [c["body"] for c in csrf_client.get(comments).json()] == ["Oui", "Et toi ?"]
    assert Comment.objects.count() == 2


def test_rate_limit_is_429(csrf_client, proposal, settings):
    settings.PARTICIPATION_COMMENT_RATE = (1, 10)
    token = csrf_client.cookies["csrftoken"].value
    comments = f"{API}/proposals/{proposal.pk}/comments"
    assert csrf_client.post(comments, {"body": "1"}, content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 201
    response = csrf_client.post(comments, {"body": "2"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 429


def test_authors_are_shown_by_their_public_name_never_their_address(client, proposal, people):
    """Pages and the API name the author of a proposal and of a comment; the address stays private."""
    citizen = people["citizen"]
    services.comment(proposal, citizen, "<p>Oui, et de l'ombre.</p>")
    pages = [client.get(proposal.get_absolute_url()), client.get(f"/api/v1/proposals/{proposal.pk}"),
             client.get(f"/api/v1/proposals/{proposal.pk}/comments"),
             client.get(f"/api/v1/processes/{proposal.process.slug}/proposals")]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200 and citizen.display_name in text
        assert "@example.tn" not in text
