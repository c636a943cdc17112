"""200 ballot requests at once, each thread on its own database connection: the stored count stays exact, nobody
has two ballots and the register never names a voter twice. Needs PostgreSQL, whose row locks are being tested."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from madina.accounts.models import User
from madina.budgeting import queries, services
from madina.budgeting.models import Ballot, Budget, Eligibility, Voter

from .conftest import make_budget, make_user, vote_phase_process

WORKERS = 25


def run_concurrently(budget_id: int, jobs: list[tuple[int, list[int]]]) -> list[int]:
    """The first WORKERS requests start together (a barrier), the rest follow as threads free up."""
    barrier = Barrier(WORKERS)

    def one(job) -> int:
        index, (user_id, choice) = job
        try:
            if index < WORKERS:
                barrier.wait(timeout=30)
            budget = queries.budget(budget_id)
            services.cast_ballot(budget, User.objects.get(pk=user_id), choice)
            return Budget.objects.get(pk=budget_id).ballot_count
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, enumerate(jobs)))


@pytest.fixture
def open_budget(transactional_db, gabes):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks; SQLite serialises all writers (set DATABASE_URL)")
    staff = make_user("mairie-concurrence@gabes.tn", "municipal_staff", municipality=gabes)
    return make_budget(vote_phase_process(gabes, "concurrence"), staff, eligibility=Eligibility.ACCOUNT)


@pytest.mark.postgres
def test_200_ballots_from_100_people_each_twice(open_budget):
    projects = list(open_budget.projects.values_list("pk", flat=True))
    users = User.objects.bulk_create(User(email=f"votant{i}@example.tn") for i in range(100))
    jobs = [(u.pk, [projects[i % 4]]) for i, u in enumerate(users)] + [(u.pk, [projects[3]]) for u in users]
    counts = run_concurrently(open_budget.pk, jobs)
    open_budget.refresh_from_db()
    assert open_budget.ballot_count == 100 == Ballot.objects.filter(budget=open_budget).count()
    assert Voter.objects.filter(budget=open_budget).count() == 100
    assert max(counts) == 100
    # each person's last request wins: every ballot is one project, and the link of each voter is unique
    assert len(set(Ballot.objects.values_list("link", flat=True))) == 100


@pytest.mark.postgres
def test_200_ballots_from_one_person(open_budget):
    projects = list(open_budget.projects.values_list("pk", flat=True))
    user = User.objects.create(email="insistant@example.tn")
    counts = run_concurrently(open_budget.pk, [(user.pk, [projects[i % 4]]) for i in range(200)])
    open_budget.refresh_from_db()
    assert open_budget.ballot_count == 1 == Ballot.objects.filter(budget=open_budget).count()
    assert Voter.objects.filter(budget=open_budget).count() == 1
    assert set(counts) == {1}


@pytest.mark.postgres
def test_paper_ballots_racing_the_count_are_counted_or_refused_never_lost(transactional_db, gabes):
    """The count is asked while officers type the last paper ballots: each ballot is in the count or refused, and
    the stored count is the ballots stored."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks; SQLite serialises all writers (set DATABASE_URL)")
    from madina.core.errors import NotAllowed

    from .conftest import census_csv, close_vote

    staff = make_user("mairie-course@gabes.tn", "municipal_staff", municipality=gabes)
    budget = make_budget(vote_phase_process(gabes, "course"), staff)
    identifiers = [f"09{n:06d}" for n in range(60)]
    services.upload_census(budget, staff, census_csv(identifiers))
    budget = close_vote(budget)
    project = budget.projects.first().pk
    barrier = Barrier(WORKERS)

    def one(index) -> str:
        try:
            barrier.wait(timeout=30)
            fresh = queries.budget(budget.pk)
            if index == WORKERS // 2:
                services.request_count(fresh, User.objects.get(pk=staff.pk))
                return "count"
            services.enter_paper_ballot(fresh, User.objects.get(pk=staff.pk), [project], identifier=identifiers[index])
            return "stored"
        except NotAllowed:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(one, range(WORKERS)))
    budget.refresh_from_db()
    assert outcomes.count("count") == 1
    assert budget.ballot_count == outcomes.count("stored") == Ballot.objects.filter(budget=budget).count()
    assert outcomes.count("stored") + outcomes.count("refused") == WORKERS - 1
