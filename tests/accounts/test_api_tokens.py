# ruff: noqa: F811  (fixtures imported from other apps are used as arguments)
"""Personal API tokens: shown once, stored hashed, scoped, expiring, revocable; an integration writes with one and
no browser session or CSRF token."""

import pytest
from django.test import Client
from django.utils import timezone

from madina.accounts import services, tokens
from madina.accounts.models import ApiToken
from madina.participation.models import Proposal
from madina.participation.phases import PhaseKind
from tests.participation.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    _fast_hashing_and_immediate_tasks,
    gabes,
    people,
    process,
    proposal,
    sector,
    set_phase,
    sfax,
)


@pytest.fixture
def supported(proposal):
    return Proposal.objects.get(pk=set_phase(proposal.process, PhaseKind.SUPPORTS).proposals.get().pk)


def bearer(value):
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


def test_a_token_is_shown_once_and_stored_only_as_its_digest(client, people):
    client.force_login(people["citizen"])
    page = client.post("/comptes/jetons/", {"name": "Tableau de bord", "scope": "write", "days": 30,
                                            "password": PASSWORD})
    value = page.context["created"]
    assert value.startswith("mdn_") and value in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    stored = ApiToken.objects.get()
    assert stored.digest == tokens.digest(value) and value not in str(list(ApiToken.objects.values()))
    assert value not in client.get("/comptes/jetons/").content.decode()


def test_an_integration_writes_with_a_write_token_and_no_csrf(people, supported):
    token, value = services.create_token(people["other_citizen"], name="script", scope="write", days=1, password=PASSWORD)
    api = Client(enforce_csrf_checks=True)
    response = api.post(f"/api/v1/proposals/{supported.pk}/support", **bearer(value))
    assert response.status_code == 200 and response.json()["support_count"] == 1
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert Client().post(f"/api/v1/proposals/{supported.pk}/support").status_code == 401  # no token, no session


def test_a_read_token_cannot_write(people, supported):
    _token, value = services.create_token(people["other_citizen"], name="lecture", scope="read", days=1, password=PASSWORD)
    response = Client().post(f"/api/v1/proposals/{supported.pk}/support", **bearer(value))
    assert response.status_code == 403 and "lecture" in response.json()["detail"]
    assert Proposal.objects.get(pk=supported.pk).support_count == 0


def test_expired_revoked_or_unknown_tokens_are_refused(people, supported):
    token, value = services.create_token(people["other_citizen"], name="x", scope="write", days=1, password=PASSWORD)
    url = f"/api/v1/proposals/{supported.pk}/support"
    assert Client().post(url, **bearer("mdn_" + "x" * 43)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert Client().post(url, **bearer(value)).status_code == 401
    other, other_value = services.create_token(people["other_citizen"], name="y", scope="write", days=1, password=PASSWORD)
    client = Client()
    client.force_login(people["other_citizen"])
    client.post(f"/comptes/jetons/{other.pk}/revoquer/")
    assert Client().post(url, **bearer(other_value)).status_code == 401
    assert Proposal.objects.get(pk=supported.pk).support_count == 0


@pytest.mark.parametrize(("data", "field"), [
    ({"name": ""}, "name"), ({"scope": "admin"}, "scope"), ({"days": 0}, "days"), ({"days": 366}, "days"),
    ({"password": "pas-le-bon"}, "password")])
def test_a_bad_token_request_is_refused_on_its_field(client, people, data, field):
    client.force_login(people["citizen"])
    response = client.post("/comptes/jetons/", {"name": "x", "scope": "read", "days": 1, "password": PASSWORD, **data})
    assert response.status_code == 400 and f'id="id_{field}_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_no_one_revokes_someone_elses_token(client, people):
    token, _value = services.create_token(people["citizen"], name="x", scope="read", days=1, password=PASSWORD)
    client.force_login(people["other_citizen"])
    client.post(f"/comptes/jetons/{token.pk}/revoquer/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_the_openapi_documents_the_bearer_scheme(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())


def test_changing_the_password_ends_every_token(client, people):
    from madina.core.models import AuditEntry

    citizen = people["citizen"]
    services.create_token(citizen, name="x", scope="write", days=30, password=PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.token_created", actor=citizen).count() == 1
    client.force_login(citizen)
    client.post("/comptes/password/change/", {"oldpassword": PASSWORD, "password1": "Nouveau-mot-2026!",
                                               "password2": "Nouveau-mot-2026!"})
    assert not ApiToken.objects.filter(user=citizen, revoked_at__isnull=True).exists()
