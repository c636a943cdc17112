"""The Content-Security-Policy (core/csp.py) on every kind of answer, no template with an inline script, handler
or style, and the cookies' flags in production. Chromium's side: tests/core/test_csp_browser.py."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from madina.core import csp, media
from madina.territory.models import Governorate
from tests.servers import madina, production_env

PAGE_POLICY = csp.page_policy("http://127.0.0.1:9/{z}/{x}/{y}.png")
SRC = Path(__file__).resolve().parents[2] / "src" / "madina"


@pytest.fixture
def tunis(db, settings):
    settings.MADINA_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    return Governorate.objects.create(slug="tunis", iso_code="TN-11", name="Tunis")


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200),                       # a page
    ("/territoire/gouvernorats/tunis/", 200),  # a page with a map
    ("/api/v1/docs", 200),            # Swagger UI
    ("/api/v1/governorates", 200),    # the API
    ("/admin/login/", 200),           # Django's admin
    ("/comptes/login/", 200),         # allauth's pages
    ("/nulle-part/", 404),            # the error pages
    ("/participer/moderation/", 302),
    ("/langue/?language=ar&next=/", 302),
])
def test_every_kind_of_answer_carries_the_pages_policy(client, tunis, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Security-Policy"] == PAGE_POLICY


def test_a_refused_page_and_a_failure_carry_it_too(client, tunis, settings, django_user_model):
    client.force_login(django_user_model.objects.create_user("amel@example.tn", "Madina-Test-2020"))
    assert client.get("/participer/moderation/")["Content-Security-Policy"] == PAGE_POLICY  # 403
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client.raise_request_exception = False
    failed = client.get("/en-panne/")
    assert failed.status_code == 500 and failed["Content-Security-Policy"] == PAGE_POLICY


def test_a_page_from_the_visitors_cache_carries_it(client, tunis, settings):
    settings.MADINA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    try:
        client.get("/territoire/")
        again = client.get("/territoire/")
        assert again["Content-Security-Policy"] == PAGE_POLICY
    finally:
        cache.clear()


def test_an_uploaded_file_keeps_its_own_policy(client, db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setitem(media.OWNERS, "mine/", lambda request, name: media.Served(public=True))
    response = client.get("/media/mine/a.png")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == csp.FILE_POLICY == media.CONTENT_SECURITY_POLICY


def test_the_policy_runs_only_the_sites_own_code():
    directives = dict(part.split(" ", 1) for part in PAGE_POLICY.split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data: http://127.0.0.1:9"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in PAGE_POLICY


@pytest.mark.parametrize(("url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("/tiles/{z}/{x}/{y}.png", ""),
    ("https://evil.example; script-src *", ""),
])
def test_the_tile_server_is_the_only_other_image_source(url, source):
    assert csp.tile_source(url) == source


def test_no_template_runs_inline_code_or_styles():
    """What the policy would refuse, refused at the source: inline scripts, on* handlers, style attributes and
    elements, javascript: links (a `json_script` data block is not a script and is allowed)."""
    found = []
    for template in SRC.glob("*/templates/**/*.html"):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r"\son[a-z]+\s*=",
                        r"\sstyle\s*=", r"<style", r"javascript:"):
            found += [f"{template.relative_to(SRC)}: {match}" for match in re.findall(pattern, text)]
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_cookies_are_secure_httponly_and_lax_in_production(tmp_path):
    """Production settings as an operator starts them (DEBUG off): every cookie the site sets."""
    code = ("from django.conf import settings as s; print(*[getattr(s, f'{c}_COOKIE_{f}') for c in "
            "('SESSION', 'CSRF', 'LANGUAGE') for f in ('SECURE', 'HTTPONLY', 'SAMESITE')])")
    result = madina("shell", "-c", code, env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "Lax"] * 3
    development = madina("shell", "-c", code, env=production_env(tmp_path, DEBUG="1"))
    assert development.stdout.splitlines()[-1].split()[::3] == ["False"] * 3  # plain http on a developer's machine


def test_the_cookies_a_browser_gets_carry_the_flags(client, db, settings):
    """The CSRF and language cookies as answers set them (the session's flags are the settings checked above)."""
    settings.CSRF_COOKIE_SECURE = settings.LANGUAGE_COOKIE_SECURE = True
    client.get("/comptes/login/")
    client.get("/langue/?language=ar&next=/")
    for name in ("csrftoken", "django_language"):
        cookie = client.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name
