"""200 support requests at once, each thread on its own database connection: the stored count stays exact and
no person supports twice. Needs PostgreSQL, whose row locks are what is being tested."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from madina.accounts.models import User
from madina.participation import services
from madina.participation.models import Proposal, Support
from madina.participation.phases import PhaseKind

from .conftest import INSIDE, make_user, open_process

WORKERS = 25


def run_concurrently(proposal_id: int, user_ids: list[int]) -> list[int]:
    """The first WORKERS requests start together (a barrier), the rest follow as threads free up."""
    barrier = Barrier(WORKERS)

    def one(job: tuple[int, int]) -> int:
        index, user_id = job
        try:
            if index < WORKERS:
                barrier.wait(timeout=30)
            proposal = Proposal.objects.select_related("process__municipality").get(pk=proposal_id)
            return services.support(proposal, User.objects.get(pk=user_id)).support_count
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, enumerate(user_ids)))


@pytest.fixture
def supports_proposal(transactional_db, gabes, sector):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks; SQLite serialises all writers (set DATABASE_URL)")
    author = make_user("autrice@example.tn")
    process = open_process(gabes, PhaseKind.PROPOSALS)
    proposal = services.create_proposal(
        process, author, title="Un parc", body="<p>Ici</p>", sector=sector, latitude=INSIDE[0], longitude=INSIDE[1],
    )
    process.phases.update(kind=PhaseKind.SUPPORTS)
    return proposal


@pytest.mark.postgres
def test_200_requests_from_100_people_each_twice(supports_proposal):
    users = User.objects.bulk_create(User(email=f"citoyen{i}@example.tn") for i in range(100))
    user_ids = [u.pk for u in users] * 2
    counts = run_concurrently(supports_proposal.pk, user_ids)
    supports_proposal.refresh_from_db()
    assert supports_proposal.support_count == 100
    assert Support.objects.filter(proposal=supports_proposal).count() == 100
    assert max(counts) == 100


@pytest.mark.postgres
def test_200_requests_from_one_person(supports_proposal, settings):
    settings.PARTICIPATION_SUPPORT_RATE = (1000, 10)  # the count, not the limit, is under test here
    user = User.objects.create(email="insistant@example.tn")
    counts = run_concurrently(supports_proposal.pk, [user.pk] * 200)
    supports_proposal.refresh_from_db()
    assert supports_proposal.support_count == 1
    assert Support.objects.filter(proposal=supports_proposal).count() == 1
    assert set(counts) == {1}
