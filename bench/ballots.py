"""Benchmark of ballot casting under concurrency: `.venv/bin/python bench/ballots.py [--voters N] [--threads T]`.

Builds a throw-away test database (SQLite by default; PostgreSQL when DATABASE_URL is set: a `test_` database is
created and dropped, the configured one is never touched), opens one budget of four projects, and has T threads,
each on its own connection, cast N first ballots then N changed ballots through the services (the same code the
pages and the API run, including the census check and the row lock on the budget). It prints ballots per second
for each wave and checks that the stored count is exact.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from djangobench import gabes, test_database  # first: it sets Django up

# isort: split
from django.db import connection
from django.utils import timezone

from madina.accounts.models import Role, RoleAssignment, User
from madina.budgeting import queries, services
from madina.budgeting.models import Ballot, Budget, BudgetProject
from madina.core.permissions import OPERATOR
from madina.participation import services as participation_services
from madina.participation.phases import PhaseKind


def setup(voters: int) -> tuple[int, list[int], list[int]]:
    municipality = gabes()
    staff = User.objects.create(email="mairie@gabes.tn")
    RoleAssignment.objects.create(user=staff, role=Role.MUNICIPAL_STAFF, municipality=municipality)
    process = participation_services.create_process(OPERATOR, municipality=municipality, slug="bench", title="Banc d'essai")
    now = timezone.now()
    participation_services.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(days=1), now + timedelta(days=1))
    budget = services.create_budget(process, staff, title="Budget", amount_tnd=100_000, max_projects=3)
    projects = [BudgetProject.objects.create(budget=budget, title=f"Projet {i}", cost_tnd=cost, position=i).pk
                for i, cost in enumerate((40_000, 30_000, 50_000, 20_000))]
    identifiers = [f"{8_000_000 + i:08d}" for i in range(voters)]
    services.upload_census(budget, staff, "\n".join(f"{i};1990-03-09" for i in identifiers).encode())
    users = User.objects.bulk_create(User(email=f"votant{i}@example.tn") for i in range(voters))
    budget = queries.budget(budget.pk)
    for user, identifier in zip(users, identifiers, strict=True):
        services.claim_census_entry(budget, user, identifier, "1990-03-09")
    return budget.pk, [u.pk for u in users], projects


def wave(budget_id: int, user_ids: list[int], choices: list[list[int]], threads: int) -> float:
    """Each thread keeps its connection for the wave, as a server with persistent connections (CONN_MAX_AGE)."""

    def one(job) -> None:
        user_id, choice = job
        services.cast_ballot(queries.budget(budget_id), User.objects.get(pk=user_id), choice)

    barrier = Barrier(threads)

    def close(_) -> None:
        barrier.wait(timeout=60)  # one close per thread: every thread waits until all have taken one
        connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        started = time.perf_counter()
        list(pool.map(one, zip(user_ids, choices, strict=True)))
        elapsed = time.perf_counter() - started
        list(pool.map(close, range(threads)))
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    with test_database(on_disk=True):
        budget_id, user_ids, projects = setup(args.voters)
        first = [[projects[i % 4], projects[3 - i % 4]] for i in range(len(user_ids))]
        changed = [[projects[(i + 1) % 4]] for i in range(len(user_ids))]
        print(f"database: {connection.vendor}; {args.voters} voters on the census list; {args.threads} threads")
        for name, choices in (("first ballots", first), ("changed ballots", changed)):
            seconds = wave(budget_id, user_ids, choices, args.threads)
            print(f"{name:<16} {len(user_ids):>6} in {seconds:6.2f} s = {len(user_ids) / seconds:8.1f} ballots/s")
        stored = Budget.objects.get(pk=budget_id).ballot_count
        rows = Ballot.objects.filter(budget_id=budget_id).count()
        if stored != args.voters or rows != args.voters:
            print(f"FAIL: ballot_count {stored}, ballot rows {rows}, expected {args.voters}")
            return 1
        print("OK: one ballot per voter, the stored count is exact")
        return 0


if __name__ == "__main__":
    sys.exit(main())
