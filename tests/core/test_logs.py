"""Each request is one log line with its id; a failure is a styled page with that id, its traceback in the log."""

import json
import logging
import sys

import pytest

from madina.core.logfmt import JsonFormatter, RequestIdFilter
from madina.territory import queries as territory_queries


@pytest.fixture
def logged(caplog):
    """The log records, with the request id the console handler's filter gives them."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO)
    return caplog


def _lines(caplog, logger="madina.requests"):
    return [record for record in caplog.records if record.name == logger]


@pytest.mark.django_db
def test_every_request_is_one_line_with_its_id(client, logged, django_user_model):
    user = django_user_model.objects.create_user(email="amel@example.tn", password="x" * 12)
    client.force_login(user)
    response = client.get("/projets/?q=secret", HTTP_X_REQUEST_ID="nginx-0123456789")
    assert response["X-Request-ID"] == "nginx-0123456789"
    [line] = _lines(logged)
    assert (line.method, line.path, line.status, line.user) == ("GET", "/projets/", 200, user.pk)
    assert line.request_id == "nginx-0123456789"
    assert "secret" not in line.getMessage() and "amel" not in json.dumps(vars(line), default=str)


@pytest.mark.parametrize("given", ["", "short", "has spaces in it", "x" * 65, "évident-1234567"])
def test_an_unusable_incoming_id_is_replaced(client, given):
    response = client.get("/nulle-part/", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_failure_is_a_styled_page_with_its_reference_and_the_traceback_only_in_the_log(client, logged, settings):
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client.raise_request_exception = False
    response = client.get("/en-panne/")
    assert response.status_code == 500
    page = response.content.decode()
    reference = response["X-Request-ID"]
    assert "Erreur du serveur" in page and reference in page
    assert "Traceback" not in page and "unexpected" not in page
    [error] = [record for record in logged.records if record.levelno == logging.ERROR]
    assert error.exc_info and error.request_id == reference
    [line] = _lines(logged)
    assert line.status == 500 and line.levelno == logging.WARNING


@pytest.mark.django_db
def test_a_failure_in_the_api_is_a_problem_with_its_reference(client, logged, monkeypatch):
    def broken():
        raise RuntimeError("unexpected")

    monkeypatch.setattr(territory_queries, "governorates", broken)
    response = client.get("/api/v1/governorates")
    assert response.status_code == 500
    body = response.json()
    assert response["X-Request-ID"] in body["detail"] and "unexpected" not in json.dumps(body)
    assert any(record.exc_info for record in logged.records if record.levelno == logging.ERROR)


def test_json_lines_carry_the_request_and_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   ("/x/",), sys.exc_info())
    record.request_id, record.status, record.path = "abc12345", 500, "/x/"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Internal Server Error: /x/"
    assert (entry["request_id"], entry["status"], entry["path"]) == ("abc12345", 500, "/x/")
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status", "said"), [
    ("/nulle-part/", 404, "Page introuvable"),
    ("/caravane/organiser/", 403, "Accès refusé"),
])
def test_error_pages_are_in_the_site_layout(client, django_user_model, path, status, said):
    client.force_login(django_user_model.objects.create_user(email="amel@example.tn", password="x" * 12))
    response = client.get(path)
    assert response.status_code == status
    page = response.content.decode()
    assert said in page and 'class="site-header"' in page and response["X-Request-ID"] in page


@pytest.mark.django_db
def test_an_expired_form_says_so(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/comptes/login/", {"login": "a@example.tn", "password": "x"})
    assert response.status_code == 403
    assert "La page a expiré" in response.content.decode()
