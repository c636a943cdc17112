"""Pages for visitors without a session come from the shared cache for a short while; nothing personal is kept."""

import pytest
from django.core.cache import cache

from madina.territory.models import Governorate


@pytest.fixture(autouse=True)
def _kept_30_seconds(settings):
    settings.MADINA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tunis(db):
    return Governorate.objects.create(slug="tunis", iso_code="TN-11", name="Tunis", name_ar="تونس")


def _add_sfax():
    Governorate.objects.create(slug="sfax", iso_code="TN-61", name="Sfax", name_ar="صفاقس")


def test_visitors_share_one_answer_for_a_while(client, tunis):
    first = client.get("/territoire/")
    _add_sfax()
    again = client.get("/territoire/")
    assert "Sfax" not in again.content.decode()
    assert again.content == first.content
    assert again["X-Frame-Options"] == first["X-Frame-Options"]
    assert again["X-Request-ID"] != first["X-Request-ID"]  # each request still its own
    cache.clear()
    assert "Sfax" in client.get("/territoire/").content.decode()


def test_each_language_has_its_own_answer(client, tunis, settings):
    client.get("/territoire/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/territoire/").content.decode()
    assert 'lang="ar"' in page and "تونس" in page


def test_a_signed_in_person_gets_a_fresh_page_and_leaves_nothing(client, tunis, django_user_model):
    client.get("/territoire/")
    _add_sfax()
    client.force_login(django_user_model.objects.create_user(email="amel@example.tn", display_name="Amel du Lac"))
    page = client.get("/territoire/").content.decode()
    assert "Sfax" in page and "Amel du Lac" in page
    client.logout()
    client.cookies.clear()
    assert "Amel du Lac" not in client.get("/territoire/").content.decode()


def test_the_api_is_kept_too(client, tunis):
    client.get("/api/v1/governorates")
    _add_sfax()
    assert len(client.get("/api/v1/governorates").json()) == 1


@pytest.mark.parametrize("headers", [{"HTTP_HX_REQUEST": "true"}])
def test_partial_pages_are_not_kept(client, tunis, headers):
    client.get("/territoire/", **headers)
    _add_sfax()
    assert "Sfax" in client.get("/territoire/", **headers).content.decode()


def test_an_error_is_not_kept(client, tunis):
    assert client.get("/territoire/gouvernorats/sfax/").status_code == 404
    _add_sfax()
    assert client.get("/territoire/gouvernorats/sfax/").status_code == 200


def test_a_page_with_a_form_is_not_kept(client, db, settings):
    """A CSRF token belongs to one visitor: a page carrying one is never served to another."""
    settings.ROOT_URLCONF = "tests.core.form_urls"
    first = client.get("/formulaire/")
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert type(client)().get("/formulaire/").content != first.content


def test_the_language_menu_sets_the_cookie_and_goes_back(client):
    response = client.get("/langue/", {"language": "ar", "next": "/projets/?q=eau"})
    assert response.status_code == 302 and response["Location"] == "/projets/?q=eau"
    assert response.cookies["django_language"].value == "ar"


@pytest.mark.parametrize(("params", "location", "cookie"), [
    ({"language": "xx", "next": "/projets/"}, "/projets/", False),
    ({"language": "en", "next": "https://evil.example/"}, "/", True),
    ({}, "/", False),
])
def test_the_language_menu_refuses_what_it_does_not_know(client, params, location, cookie):
    response = client.get("/langue/", params)
    assert response.status_code == 302 and response["Location"] == location
    assert ("django_language" in response.cookies) is cookie


def test_a_page_that_starts_a_session_is_not_kept(client, db, settings):
    settings.ROOT_URLCONF = "tests.core.form_urls"
    assert "sessionid" in client.get("/souvenir/").cookies
    assert "sessionid" in type(client)().get("/souvenir/").cookies
