"""What the Django benches share (ballots.py, catalogue.py, proposals.py): a throw-away run of the site, a test
database made and dropped around the measure (SQLite by default; with DATABASE_URL a `test_` database beside the
configured one, which is never touched), pages timed as a person requests them, and a municipality to work in.

Importing this module sets Django up; import it before any madina module.
"""

from __future__ import annotations

import gc
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madina.settings")
os.environ.setdefault("DEBUG", "1")  # development settings: no secrets to supply; requests still run as in tests
os.environ.setdefault("MADINA_VAR_DIR", tempfile.mkdtemp(prefix="madina-bench-"))
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from shapely.geometry import box  # noqa: E402

from madina.territory.models import Governorate, Municipality  # noqa: E402

REQUESTS = 40


def production_templates() -> list[dict]:
    """Templates compiled once and cached, as in production (DEBUG re-reads them on every request)."""
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {
        **engine["OPTIONS"], "debug": False,
        "loaders": [("django.template.loaders.cached.Loader", ["django.template.loaders.app_directories.Loader"])],
    }
    return [engine]


@contextmanager
def test_database(*, on_disk: bool = False) -> Iterator[None]:
    """A fresh database for the run, dropped at the end; `on_disk` for SQLite runs that several threads share
    (an in-memory test database locks its tables)."""
    setup_test_environment()
    if on_disk and connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(os.environ["MADINA_VAR_DIR"], "bench.sqlite3")
    name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"], TEMPLATES=production_templates()):
            yield
    finally:
        connection.close()
        connection.creation.destroy_test_db(name, verbosity=0)


def gabes() -> Municipality:
    """Gabès, a square around its centre for a boundary."""
    governorate = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès")
    municipality = Municipality(governorate=governorate, slug="gabes", name="Gabès")
    municipality.set_geometry(box(10.05, 33.85, 10.15, 33.92))
    municipality.save()
    return municipality


def timed(client: Client, url: str, params: dict | None = None) -> tuple[float, int, int]:
    """(p95 in ms, SQL queries, response bytes) of REQUESTS identical requests after a warm-up one; the query
    count must not vary between them. The data built for the bench is collected and frozen first: a server
    process does not carry it, and the garbage collector walking it would time the bench, not the page."""
    client.get(url, params)
    gc.collect()
    gc.freeze()
    times, queries, size = [], set(), 0
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url, params)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(ctx.captured_queries))
        size = len(body)
    assert len(queries) == 1, f"{url}: the query count varies between identical requests: {queries}"
    return statistics.quantiles(times, n=20)[18] * 1000, queries.pop(), size
