"""Benchmark of the proposal index (a process page): `.venv/bin/python bench/proposals.py`.

Builds a throw-away test database (SQLite by default; PostgreSQL when DATABASE_URL is set: a `test_` database
is created and dropped, the configured one is never touched), fills one process with proposals and supports in
two sizes (1,000 / 20,000 then 10,000 / 200,000), and requests the index as a signed-in citizen: first page by
supports, a deep page by date, and a filtered search. It prints the p95 time and the number of SQL queries per
request; the query count must be the same at both sizes (the page reads stored counts, never aggregates).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madina.settings")
os.environ.setdefault("MADINA_VAR_DIR", tempfile.mkdtemp(prefix="madina-bench-"))
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from shapely.geometry import box  # noqa: E402

from madina.accounts.models import User  # noqa: E402
from madina.participation.models import Phase, Process, Proposal, Support  # noqa: E402
from madina.participation.phases import PhaseKind  # noqa: E402
from madina.projects.models import Sector  # noqa: E402
from madina.territory.models import Governorate, Municipality  # noqa: E402

SIZES = [(1_000, 20_000), (10_000, 200_000)]
SUPPORTERS = 2_000
REQUESTS = 40


def build(process: Process, proposals: int, supports: int, users: list[User]) -> None:
    Support.objects.filter(proposal__process=process).delete()
    Proposal.objects.filter(process=process).delete()
    sectors = list(Sector.objects.all())
    per_user = supports // len(users)
    counts = [0] * proposals
    pairs = []
    for u in range(len(users)):
        for k in range(per_user):
            index = (u * 37 + k * 101) % proposals
            pairs.append((u, index))
            counts[index] += 1
    now = timezone.now()
    made = Proposal.objects.bulk_create(
        (
            Proposal(
                process=process, author=users[i % len(users)], title=f"Proposition {i}", body="<p>Texte</p>",
                sector=sectors[i % len(sectors)], latitude=33.88, longitude=10.10, support_count=counts[i],
                comment_count=i % 7, created_at=now - timedelta(minutes=i),
            )
            for i in range(proposals)
        ),
        batch_size=2_000,
    )
    Support.objects.bulk_create(
        (Support(proposal_id=made[i].pk, user_id=users[u].pk) for u, i in pairs), batch_size=5_000
    )
    Process.objects.filter(pk=process.pk).update(proposal_count=proposals)
    with connection.cursor() as cursor:  # what autovacuum (PostgreSQL) or a periodic ANALYZE would have done
        cursor.execute("ANALYZE")


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    times, queries = [], set()
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries.add(len(ctx))
    assert len(queries) == 1, f"query count varies between identical requests: {queries}"
    return statistics.quantiles(times, n=20)[18] * 1000, queries.pop()


def production_templates() -> list[dict]:
    """Templates compiled once and cached, as in production (DEBUG re-reads them on every request)."""
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {
        **engine["OPTIONS"], "debug": False,
        "loaders": [("django.template.loaders.cached.Loader", ["django.template.loaders.app_directories.Loader"])],
    }
    return [engine]


def main() -> int:
    with override_settings(ALLOWED_HOSTS=["testserver"], TEMPLATES=production_templates()):
        return run()


def run() -> int:
    test_db = connection.creation.create_test_db(verbosity=0)
    try:
        governorate = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès")
        municipality = Municipality(governorate=governorate, slug="gabes", name="Gabès")
        municipality.set_geometry(box(10.05, 33.85, 10.15, 33.92))
        municipality.save()
        process = Process.objects.create(slug="bench", title="Bench", municipality=municipality)
        now = timezone.now()
        Phase.objects.create(process=process, kind=PhaseKind.SUPPORTS, starts_at=now - timedelta(days=1),
                             ends_at=now + timedelta(days=30))
        users = User.objects.bulk_create(User(email=f"u{i}@bench.tn") for i in range(SUPPORTERS))
        client = Client()
        client.force_login(users[0])
        base = process.get_absolute_url()
        urls = {
            "first page, by supports": f"{base}?sort=supports",
            "page 40, by date": f"{base}?page=40",
            "search + sector, by comments": f"{base}?q=Proposition+1&sector=MOB&sort=comments",
        }
        print(f"database: {connection.vendor}; {REQUESTS} requests per line; signed-in citizen")
        print(f"{'proposals':>10} {'supports':>9}  {'request':<30} {'p95 ms':>8} {'queries':>8}")
        seen: dict[str, set[int]] = {name: set() for name in urls}
        for proposals, supports in SIZES:
            started = time.perf_counter()
            build(process, proposals, supports, users)
            built = time.perf_counter() - started
            assert Support.objects.count() == supports
            for name, url in urls.items():
                p95, queries = measure(client, url)
                seen[name].add(queries)
                print(f"{proposals:>10,} {supports:>9,}  {name:<30} {p95:>8.1f} {queries:>8}")
            print(f"{'':>21}(data built in {built:.1f} s)")
        grew = [name for name, counts in seen.items() if len(counts) > 1]
        if grew:
            print(f"FAIL: the query count changed with the data for {grew}")
            return 1
        print("OK: the number of queries does not grow with the data")
        return 0
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
