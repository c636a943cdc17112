"""Madina as an operator runs it, for the tests that need real processes: `madina` commands in a subprocess with
production settings, `madina serve --production` instances, and a small HTTP client that keeps its own cookies
(Secure ones included: the servers speak plain HTTP on the loopback) and posts forms with their CSRF token."""

from __future__ import annotations

import fcntl
import hashlib
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import REPO

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-9f8e7d6c5b4a3210-ZYXWVUTSRQPONMLKJIHGFEDCBA",
    "MADINA_BALLOT_KEY": "ballot-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "madina.example.tn",
    "MADINA_SITE_URL": "https://madina.example.tn",
    "DATABASE_URL": "",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def outside_env() -> dict:
    """This environment without what the suite sets for itself (its settings module, async-unsafe ORM calls)."""
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}


def production_env(var_dir, **extra) -> dict:
    """The environment of a production process on the loopback, its SQLite database and files in `var_dir`."""
    return outside_env() | PRODUCTION | {
        "ALLOWED_HOSTS": "127.0.0.1", "MADINA_SITE_URL": "http://127.0.0.1:8000", "SECURE_SSL_REDIRECT": "0",
        "MADINA_VAR_DIR": str(var_dir), "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    } | extra


@contextmanager
def fresh_database():
    """{"DATABASE_URL": ...} for processes of one test: a new PostgreSQL database when the suite runs on
    PostgreSQL (dropped at the end), else {} (each production_env has its own SQLite file)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {}
        return
    import psycopg

    name = f"madina_t_{uuid.uuid4().hex[:12]}"
    server, _, _database = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": f"{server}/{name}"}
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def madina(*args, env, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "madina.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def prepare(env, *commands, static: bool = True) -> None:
    """A migrated database and (unless `static` is False) the collected static files, then each further `madina`
    command; any failure says its output.

    migrate and collectstatic cost about 45 s of CPU per process started this way, and a dozen tests start one: they
    run once per state of the code into a template (a folder, and on PostgreSQL a template database) that each test
    copies. The copy is what `migrate` and `collectstatic` would have left."""
    template = _template(env)
    url = env.get("DATABASE_URL", "")
    with _locked(template):
        if url:
            server, _, name = url.rpartition("/")
            _sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                 f'CREATE DATABASE "{name}" TEMPLATE "{_template_database(template)}"')
        else:
            target = Path(env["MADINA_VAR_DIR"]) / "madina.sqlite3"
            target.parent.mkdir(parents=True, exist_ok=True)
            # SQLite's own copy, so that nothing left in a write-ahead log is lost.
            with sqlite3.connect(template / "madina.sqlite3") as source, sqlite3.connect(target) as copy:
                source.backup(copy)
    if static:
        target = Path(env.get("STATIC_ROOT") or Path(env["MADINA_VAR_DIR"]) / "static")
        shutil.copytree(template / "static", target, dirs_exist_ok=True)
    for command in commands:
        _run(env, command)


def _run(env, command) -> None:
    result = madina(*command, env=env)
    assert result.returncode == 0, f"madina {' '.join(command)}: {result.stdout}{result.stderr}"


def _sql(server: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def _code_state() -> str:
    """A digest of what migrate and collectstatic read: the package's files and the Python that runs them. The
    package is the one this process imported: the `madina` processes get the same PYTHONPATH, so they run it too
    (a checkout's own src/ is not it when PYTHONPATH is unset and the installed package lives elsewhere)."""
    import madina

    digest = hashlib.sha256(sys.executable.encode())
    for path in sorted(Path(madina.__file__).resolve().parent.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(template: Path):
    """One process at a time builds or copies a template (the suite's workers share them)."""
    with open(template.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _template_database(template: Path) -> str:
    return f"madina_tpl_{template.name}"


def _prune(folder: Path, unused_for: float = 3600) -> None:
    """Templates of earlier states of the code, unused for an hour, go (their folder and PostgreSQL database)."""
    for ready in folder.glob("*/ready"):
        template = ready.parent
        if time.time() - ready.stat().st_mtime < unused_for:
            continue
        with _locked(template):
            if template.name.startswith("pg-"):
                url = os.environ.get("DATABASE_URL", "")
                if url.startswith(("postgres://", "postgresql://")):
                    _sql(url.rpartition("/")[0], f'DROP DATABASE IF EXISTS "{_template_database(template)}" WITH (FORCE)')
                else:
                    continue
            shutil.rmtree(template, ignore_errors=True)


def _template(env) -> Path:
    """The template for this state of the code and this database kind, built on first use."""
    url = env.get("DATABASE_URL", "")
    template = Path(tempfile.gettempdir()) / "madina-prepared" / f"{'pg' if url else 'sqlite'}-{_code_state()}"
    template.parent.mkdir(exist_ok=True)
    with _locked(template):
        if (template / "ready").exists():
            (template / "ready").touch()
            return template
        _prune(template.parent)
        shutil.rmtree(template, ignore_errors=True)
        template.mkdir()
        built = {k: v for k, v in env.items() if k not in ("STATIC_ROOT", "MEDIA_ROOT")} | {
            "MADINA_VAR_DIR": str(template), "DEBUG": "0"}
        if url:
            server, _, _name = url.rpartition("/")
            database = _template_database(template)
            _sql(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"')
            built["DATABASE_URL"] = f"{server}/{database}"
        for command in (("migrate", "-v0"), ("collectstatic", "--noinput", "-v0")):
            _run(built, command)
        (template / "ready").touch()
    return template


@contextmanager
def production_server(env, *, workers: int = 2, port: int | None = None):
    """`madina serve --production` on `port` (a free one by default); yields its base URL, stops it at the end."""
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "madina.cli", "serve", "--production", "--port", str(port), "--workers", str(workers)],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class Client:
    """One person's browser, without JavaScript: cookies kept across servers, forms posted with their token."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data: dict | None = None, headers: dict | None = None):
        host, _, path = url.removeprefix("http://").partition("/")
        connection = http.client.HTTPConnection(host, timeout=30)
        body = urlencode(data) if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, "/" + path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text

    def get(self, url: str, headers: dict | None = None):
        return self.request("GET", url, headers=headers)

    def post_form(self, page_url: str, fields: dict, action_url: str | None = None):
        """Open the page, then post its form with the CSRF token it carries plus `fields`."""
        _status, _headers, page = self.get(page_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", action_url or page_url, {"csrfmiddlewaretoken": token, **fields})
