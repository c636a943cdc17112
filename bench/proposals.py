"""Benchmark of the proposal index (a process page): `.venv/bin/python bench/proposals.py`.

Builds a throw-away test database (SQLite by default; PostgreSQL when DATABASE_URL is set: a `test_` database
is created and dropped, the configured one is never touched), fills one process with proposals and supports in
two sizes (1,000 / 20,000 then 10,000 / 200,000), and requests the index as a signed-in citizen: first page by
supports, a deep page by date, a filtered search; then the site-wide search over every kind (page and API, the
proposals matched on their stored folded text). It prints the p95 time and the number of SQL queries per request;
the query count must be the same at both sizes (the page reads stored counts, never aggregates).
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

from djangobench import REQUESTS, gabes, test_database, timed  # first: it sets Django up

# isort: split
from django.db import connection
from django.test import Client
from django.utils import timezone

from madina.accounts.models import User
from madina.core.text import search_text
from madina.participation.models import Phase, Process, Proposal, Support
from madina.participation.phases import PhaseKind
from madina.projects.models import Sector

SIZES = [(1_000, 20_000), (10_000, 200_000)]
SUPPORTERS = 2_000


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
                search_text=search_text(f"Proposition {i}", "Texte"),
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


def main() -> int:
    with test_database():
        process = Process.objects.create(slug="bench", title="Bench", municipality=gabes())
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
            "site search (/recherche/)": "/recherche/?q=proposition+1",
            "site search, API": "/api/v1/search?q=texte",
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
                p95, queries, _size = timed(client, url)
                seen[name].add(queries)
                print(f"{proposals:>10,} {supports:>9,}  {name:<30} {p95:>8.1f} {queries:>8}")
            print(f"{'':>21}(data built in {built:.1f} s)")
        grew = [name for name, counts in seen.items() if len(counts) > 1]
        if grew:
            print(f"FAIL: the query count changed with the data for {grew}")
            return 1
        print("OK: the number of queries does not grow with the data")
        return 0


if __name__ == "__main__":
    sys.exit(main())
