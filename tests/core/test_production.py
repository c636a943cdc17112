"""Production as an operator starts it: collectstatic, then `madina serve --production`, then pages, static files
and the API's docs, all without DEBUG and without the internet."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REPO
from tests.core.test_settings import PRODUCTION


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path, port) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return env | PRODUCTION | {
        "ALLOWED_HOSTS": "127.0.0.1", "MADINA_SITE_URL": f"http://127.0.0.1:{port}", "SECURE_SSL_REDIRECT": "0",
        "MADINA_VAR_DIR": str(tmp_path), "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }


def _madina(*args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "madina.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=180, **kwargs)


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production server on SQLite, its static files collected: (base URL, its log so far)."""
    tmp_path = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = _env(tmp_path, port)
    for command in (("migrate", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = _madina(*command, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "madina.cli", "serve", "--production", "--port", str(port), "--workers", "2"],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=30)


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
])
def test_serve_refuses_wrong_arguments_in_words(tmp_path, args, said):
    result = _madina(*args, env=_env(tmp_path, 8000) | {"DEBUG": "1"})
    assert result.returncode == 2
    assert said in result.stderr
