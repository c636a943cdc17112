"""The API answers a refusal the same way in every app: one status mapping, one error schema (core.api.Problem),
documented on every operation."""

import pytest
from django.contrib.auth import get_user_model

from madina.api import api

pytestmark = pytest.mark.django_db

PROBLEM = "#/components/schemas/Problem"


def is_problem(response, status: int) -> bool:
    body = response.json()
    return (
        response.status_code == status and set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
        and all(isinstance(messages, list) and all(isinstance(m, str) for m in messages)
                for messages in body["errors"].values())
    )


@pytest.fixture
def signed_in(client):
    client.force_login(get_user_model().objects.create_user("amel@example.tn", "x"))
    return client


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("get", "/api/v1/locate?lat=north&lon=10.1", None, "lat"),  # territory
        ("get", "/api/v1/municipalities?page=first", None, "page"),
        ("get", "/api/v1/projects?stage=finished-soon", None, "stage"),  # projects
        ("post", "/api/v1/projects", {"title_fr": "Sans municipalité"}, "municipality"),
        ("post", "/api/v1/processes/gabes/proposals", {"title": "Sans texte"}, "body"),  # participation
        ("post", "/api/v1/proposals/1/comments", {"body": 42}, "body"),
        ("put", "/api/v1/budgets/1/ballot", {"projects": "A"}, "projects"),  # budgeting
        ("post", "/api/v1/budgets/1/eligibility", {}, "identifier"),
    ],
)
def test_invalid_input_is_422_with_the_field_in_every_app(signed_in, method, path, body, field):
    response = getattr(signed_in, method)(path, body, content_type="application/json") if body is not None \
        else signed_in.get(path)
    assert is_problem(response, 422), response.content
    assert any(key.split(".")[0] == field for key in response.json()["errors"]), response.json()


@pytest.mark.parametrize("path", [
    "/api/v1/editions/nowhere", "/api/v1/municipalities/nowhere", "/api/v1/projects/999999", "/api/v1/proposals/999999",
    "/api/v1/budgets/999999", "/api/v1/processes/nowhere",
])
def test_a_missing_object_is_404_with_the_same_schema(client, path):
    assert is_problem(client.get(path), 404)


def test_a_write_without_a_session_is_401_with_the_same_schema(client):
    assert is_problem(client.put("/api/v1/budgets/1/ballot", {"projects": [1]}, content_type="application/json"), 401)


def test_refusals_are_said_in_the_readers_language_not_in_the_libraries_english(client):
    unauthorised = client.put("/api/v1/budgets/1/ballot", {"projects": [1]}, content_type="application/json")
    assert unauthorised.json()["detail"] == "Connectez-vous : cette action demande une session."
    invalid = client.get("/api/v1/locate?lat=north&lon=10.1").json()
    assert invalid["errors"] == {"lat": ["Un nombre est attendu."]}
    arabic = client.get("/api/v1/locate?lat=north&lon=10.1", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert all("\u0621" <= ch <= "\u06ff" or not ch.isalpha() for ch in arabic["errors"]["lat"][0])
    english = client.get("/api/v1/municipalities/nowhere", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["detail"] == "Not found."


def test_every_operation_documents_its_refusals_with_the_one_schema():
    schema = api.get_openapi_schema()
    operations = [(path, method, operation) for path, methods in schema["paths"].items()
                  for method, operation in methods.items()]
    assert len(operations) > 35
    for path, method, operation in operations:
        answers = {str(status): answer for status, answer in operation["responses"].items()}
        assert {"400", "413", "422"} <= set(answers), (method, path)  # NUL or malformed, too big, invalid
        if "{" in path:
            assert "404" in answers, (method, path)
        if operation.get("security"):
            assert "401" in answers, (method, path)
        for status, answer in answers.items():
            if status.startswith(("4", "5")):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == PROBLEM, (method, path, status)
        if method != "get":
            assert {"401", "403"} <= set(answers), (method, path)


def test_each_schema_name_is_one_schema():
    """Two apps' `ProjectOut` once shared one name in the document: the catalogue's list was described by the
    budget's projects (schemathesis found it, tests/test_api_fuzz.py)."""
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "stage" in schemas["ProjectOut"]["properties"]
    assert "cost_tnd" in schemas["BudgetProjectOut"]["properties"]
