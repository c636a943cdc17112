"""Every write a citizen makes is limited, atomically: supports, follows, endorsements, reports, proposals (30 at
once from one person give the limit, not 27), comments."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from madina.accounts.models import User
from madina.core.errors import RateLimited
from madina.participation import services
from madina.participation.models import Process, Proposal
from madina.participation.phases import PhaseKind

from .conftest import INSIDE, make_user, open_process, set_phase


def test_supports_given_or_taken_back_are_limited(client, proposal, people, settings):
    settings.PARTICIPATION_SUPPORT_RATE = (2, 10)
    proposal = Proposal.objects.get(pk=set_phase(proposal.process, PhaseKind.SUPPORTS).proposals.get().pk)
    voter = people["other_citizen"]
    services.support(proposal, voter)
    services.unsupport(proposal, voter)
    with pytest.raises(RateLimited):
        services.support(proposal, voter)
    client.force_login(voter)
    response = client.post(f"/api/v1/proposals/{proposal.pk}/support")
    assert response.status_code == 429 and "2 soutiens en 10 minutes" in response.json()["detail"]
    assert Proposal.objects.get(pk=proposal.pk).support_count == 0


def test_follows_of_processes_and_proposals_share_one_count_and_endorsements_are_limited(proposal, people, settings):
    settings.MADINA_FOLLOW_RATE, settings.PARTICIPATION_ENDORSEMENT_RATE = (2, 10), (1, 60)
    citizen = people["other_citizen"]
    services.follow(proposal, citizen)
    services.follow(proposal.process, citizen)
    with pytest.raises(RateLimited, match="2 fois en 10 minutes"):
        services.unfollow(proposal, citizen)
    services.endorse(proposal, citizen, "Association Oasis de Chenini")
    with pytest.raises(RateLimited, match="1 propositions en 60 minutes"):
        services.endorse(proposal, citizen, "Association Oasis de Chenini")


def test_edits_draft_publications_and_withdrawals_of_ones_proposals_share_one_limit(proposal, people, sector,
                                                                                    settings):
    settings.PARTICIPATION_CHANGE_RATE = (2, 60)
    author = people["citizen"]
    draft = services.create_proposal(proposal.process, author, title="Des bancs", body="<p>À l'ombre.</p>",
                                     sector=sector, latitude=INSIDE[0], longitude=INSIDE[1], draft=True)
    services.edit_proposal(proposal, author, title="Un abri, vite", body="<p>Il fait chaud.</p>", sector=sector,
                           latitude=INSIDE[0], longitude=INSIDE[1])
    services.publish_draft(draft, author)
    with pytest.raises(RateLimited, match="2 fois en 60 minutes"):
        services.withdraw_proposal(proposal, author)
    assert Proposal.objects.get(pk=proposal.pk).state == "published"


def test_reports_are_limited(proposal, people, settings):
    settings.PARTICIPATION_REPORT_RATE = (1, 60)
    comment = services.comment(proposal, people["citizen"], "<p>Oui</p>")
    services.report(proposal, people["other_citizen"], "spam")
    with pytest.raises(RateLimited):
        services.report(comment, people["other_citizen"], "spam")
    assert comment.report_count == 0


@pytest.mark.postgres
def test_thirty_proposals_sent_at_once_by_one_person_give_the_limit(transactional_db, gabes, sector, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks; SQLite serialises all writers (set DATABASE_URL)")
    settings.PARTICIPATION_PROPOSAL_RATE = (5, 60)
    author, process = make_user("pressee@example.tn"), open_process(gabes, PhaseKind.PROPOSALS)
    barrier = Barrier(30)

    def post(index):
        try:
            barrier.wait(timeout=30)
            services.create_proposal(Process.objects.get(pk=process.pk), User.objects.get(pk=author.pk),
                                     title=f"Idée {index}", body="<p>Vite</p>", sector=sector,
                                     latitude=INSIDE[0], longitude=INSIDE[1])
            return True
        except RateLimited:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        accepted = list(pool.map(post, range(30)))
    assert accepted.count(True) == 5
    assert Proposal.objects.filter(author=author).count() == 5
    assert Process.objects.get(pk=process.pk).proposal_count == 5
