"""Production as an operator starts it: collectstatic, then `madina serve --production`, then pages, static files
and the API's docs, all without DEBUG and without the internet."""

import urllib.error
import urllib.request

import pytest

from tests.servers import fresh_database, madina, prepare, production_env, production_server


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production server on SQLite, its static files collected: its base URL."""
    with fresh_database() as database:
        env = production_env(tmp_path_factory.mktemp("production"), **database)
        prepare(env)
        with production_server(env) as base:
            yield base


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/projets/", "/participer/", "/budget/", "/caravane/", "/territoire/",
                                  "/api/v1/docs", "/comptes/login/", "/api/v1/projects"])
def test_every_page_is_served_without_debug(production, path):
    status, _headers, body = _get(production + path)
    assert status == 200, body[:2000]


@pytest.mark.slow
def test_static_files_are_hashed_compressed_and_cached_for_ever(production):
    _status, _headers, page = _get(production + "/")
    css = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("/static/madina/site."))
    assert css != "/static/madina/site.css"  # the manifest's hashed name
    request = urllib.request.Request(production + css, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.slow
def test_the_api_docs_need_no_cdn(production):
    _status, _headers, page = _get(production + "/api/v1/docs")
    assert "/static/ninja/swagger-ui-bundle." in page
    assert "cdn" not in page.lower()


@pytest.mark.slow
def test_an_unknown_page_is_a_404_not_a_500(production):
    status, _headers, _body = _get(production + "/nulle-part/")
    assert status == 404


@pytest.mark.parametrize(("args", "said"), [
    (("serve", "--workers", "2"), "--workers and --threads go with --production"),
    (("serve", "--production", "--workers", "0"), "a whole number from 1 to 256"),
    (("serve", "--port", "http"), "a port from 1 to 65535"),
    (("serve", "--port", "8²"), "a port from 1 to 65535"),
])
def test_serve_refuses_wrong_arguments_in_words(tmp_path, args, said):
    result = madina(*args, env=production_env(tmp_path, DEBUG="1"))
    assert result.returncode == 2
    assert said in result.stderr
