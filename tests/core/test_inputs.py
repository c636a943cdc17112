"""What no request may bring (core.inputs): a NUL character anywhere is a 400 (a Problem in the API, the styled
400 page elsewhere), a body over DATA_UPLOAD_MAX_MEMORY_SIZE a 413; page numbers are bounded in every list."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madina.core.api import MAX_PAGE

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "La demande contient un caractère nul (U+0000), que Madina refuse."


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/municipalities?q=%00", "q"), ("/api/v1/projects?q=a%00b", "q"),
    ("/api/v1/processes/gabes/proposals?q=%00", "q"), ("/api/v1/projects?sector=MOB&municipality=%00", "municipality"),
    ("/api/v1/locate?lat=33.8&lon=10.1&x%00=1", "x"),
])
def test_a_nul_in_the_query_string_of_the_api_is_a_400_problem_naming_the_field(client, path, field):
    body = problem(client.get(path), 400)
    assert body == {"detail": NUL_MESSAGE, "errors": {field: [NUL_MESSAGE]}}


@pytest.mark.parametrize("name", ["projects:catalogue", "territory:municipality_search", "participation:process_list"])
def test_a_nul_in_the_query_string_of_a_page_is_the_styled_400_page_saying_why(client, name):
    response = client.get(reverse(name), {"q": "Gab\x00ès"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page and "Demande incorrecte" in page and NUL_MESSAGE.replace("'", "&#x27;") in page


def test_a_nul_in_the_path_a_form_field_or_a_cookie_is_refused(client):
    assert client.get("/projets/%00/").status_code == 400
    assert client.post(reverse("projects:catalogue"), {"title": "a\x00"}).status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"  # never looked up: PostgreSQL would refuse the query
    assert client.get(reverse("projects:catalogue")).status_code == 400


def test_a_nul_escaped_in_a_json_body_is_refused_but_an_escaped_backslash_is_text(client):
    user = get_user_model().objects.create_user("amel@example.tn", "x")
    client.force_login(user)
    refused = client.post("/api/v1/proposals/1/comments", '{"body": "a\\u0000b"}', content_type="application/json")
    assert problem(refused, 400)["detail"] == NUL_MESSAGE
    raw = client.post("/api/v1/proposals/1/comments", b'{"body": "a\x00b"}', content_type="application/json")
    assert problem(raw, 400)["detail"] == NUL_MESSAGE
    text = client.post("/api/v1/proposals/1/comments", '{"body": "a\\\\u0000b"}', content_type="application/json")
    assert problem(text, 404)  # past the guard: the proposal does not exist


def test_an_oversized_body_is_413_before_it_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"body": "x" * 20_000})
    api = client.post("/api/v1/proposals/1/comments", body, content_type="application/json")
    assert "au plus" in problem(api, 413)["detail"]
    page = client.post(reverse("projects:catalogue"), {"title": "x" * 20_000})
    assert page.status_code == 413 and "trop volumineuse" in page.content.decode()


def test_files_of_a_multipart_form_are_not_counted_in_the_body_limit(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    upload = SimpleUploadedFile("photo.jpg", b"x" * 50_000, content_type="image/jpeg")
    response = client.post(reverse("projects:catalogue"), {"title": "ok", "file": upload})
    assert response.status_code not in (400, 413)


def test_a_malformed_multipart_body_is_a_400(client):
    response = client.generic("POST", "/api/v1/projects", b"--x\r\nbroken", content_type="multipart/form-data")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/municipalities", "/api/v1/projects", "/api/v1/processes/gabes/proposals"])
@pytest.mark.parametrize("page", ["9223372036854775807", str(MAX_PAGE + 1), "0", "-1"])
def test_an_api_page_number_out_of_bounds_is_a_422_on_page(client, path, page):
    body = problem(client.get(path, {"page": page}), 422)
    assert list(body["errors"]) == ["page"]


@pytest.mark.parametrize("name", ["projects:catalogue", "territory:municipality_search"])
@pytest.mark.parametrize("page", ["9223372036854775807", "1e400", "-5", "x"])
def test_a_page_of_a_list_beyond_its_end_is_its_last_page(client, name, page):
    assert client.get(reverse(name), {"q": "a", "page": page}).status_code == 200
