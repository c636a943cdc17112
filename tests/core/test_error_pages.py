"""The 400/403/404/500 pages are pages of the site: its header and stylesheet, its icon, the status said in words
and as a number, the ways on (signing in when that is what is missing), in the visitor's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_refusal_is_a_styled_403_with_the_ways_on(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="amel@example.tn", password="x" * 12))
    response = client.get("/caravane/organiser/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Accès refusé" in page and "Erreur 403" in page and 'class="site-header"' in page
    assert 'rel="icon"' in page and "madina/site.css" in page
    assert 'href="/participer/"' in page and 'href="/projets/"' in page
    assert 'href="/comptes/login/?next=' not in page  # already signed in: another role is what is missing


def test_a_visitor_refused_is_offered_to_sign_in_and_come_back(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/caravane/2020/etapes/1/inscription/", {})
    assert response.status_code == 403
    page = response.content.decode()
    assert "La page a expiré" in page and "Erreur 403" in page
    assert 'href="/comptes/login/?next=/caravane/2020/etapes/1/inscription/"' in page


def test_the_404_page_speaks_arabic_right_to_left(client):
    client.cookies["django_language"] = "ar"
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page and "404" in page and "Page introuvable" not in page
    assert 'class="site-menu"' in page


def test_the_500_page_stands_alone_but_looks_like_the_site(client, settings):
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client.raise_request_exception = False
    response = client.get("/en-panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur 500" in page and "madina/site.css" in page and 'rel="icon"' in page
    assert 'class="error-ways"' in page
