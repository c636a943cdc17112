"""Comments sorted three ways and voted up or down (one vote a person, counts kept under a lock, limited); a
refused comment keeps what was typed and says why; a second report says so; proposals saved as drafts and
published later."""

import pytest
from django.conf import settings
from django.urls import reverse

from madina.core.errors import Conflict, Invalid, NotAllowed, RateLimited
from madina.core.models import AuditEntry
from madina.participation import personal_data, services
from madina.participation.models import Comment, CommentVote, Process, Proposal, ProposalState, ReportReason
from madina.participation.phases import PhaseKind

from .conftest import INSIDE, fresh, set_phase

LONG = "Un trottoir plus large. " * 220  # 5,280 characters


def test_a_comment_over_the_limit_says_so_and_keeps_the_text(client, proposal, people):
    client.force_login(people["other_citizen"])
    response = client.post(reverse("participation:proposal_comment", args=[proposal.pk]), {"body": LONG})
    html = response.content.decode()
    assert response.status_code == 400
    assert "5000" in html and "vide" not in html
    assert LONG.strip()[:200] in html  # the textarea holds what was typed
    assert not Comment.objects.exists()
    with pytest.raises(Invalid, match="au plus 5000"):
        services.comment(proposal, people["other_citizen"], LONG)


def test_a_refused_reply_keeps_its_text_under_its_comment(client, proposal, people):
    first = services.comment(proposal, people["citizen"], "<p>Bonne idée</p>")
    client.force_login(people["other_citizen"])
    response = client.post(reverse("participation:comment_reply", args=[first.pk]), {"body": LONG})
    html = response.content.decode()
    assert response.status_code == 400 and response.context["reply_to"] == first.pk
    assert f'id="reply-{first.pk}"' in html and LONG.strip()[:200] in html and "5000" in html
    assert Comment.objects.count() == 1


def test_reporting_twice_says_already_reported(client, proposal, people):
    comment = services.comment(proposal, people["citizen"], "<p>Bof</p>")
    client.force_login(people["other_citizen"])
    url = reverse("participation:comment_report", args=[comment.pk])
    first = client.post(url, {"reason": ReportReason.SPAM}, follow=True).content.decode()
    assert "Merci" in first
    again = client.post(url, {"reason": ReportReason.ABUSE}, follow=True).content.decode()
    assert "déjà signalé" in again and "Merci" not in again
    assert fresh(comment).report_count == 1
    with pytest.raises(Conflict):
        services.report(comment, people["other_citizen"], ReportReason.OTHER)


def test_votes_one_per_person_counts_follow(proposal, people):
    comment = services.comment(proposal, people["citizen"], "<p>Un abri en bois</p>")
    voter, other = people["other_citizen"], people["municipal_staff"]
    services.vote_comment(comment, voter, "up")
    services.vote_comment(comment, voter, "up")  # the same vote twice is one vote
    services.vote_comment(comment, other, "down")
    stored = fresh(comment)
    assert (stored.up_count, stored.down_count, stored.score) == (1, 1, 0)
    services.vote_comment(comment, voter, "down")  # changing one's mind moves the vote
    stored = fresh(comment)
    assert (stored.up_count, stored.down_count, stored.score) == (0, 2, -2)
    services.vote_comment(comment, other, "none")
    stored = fresh(comment)
    assert (stored.up_count, stored.down_count, stored.score) == (0, 1, -1)
    assert CommentVote.objects.count() == 1
    assert personal_data.export(voter)["comment_votes"] == [
        {"comment": comment.pk, "vote": "down", "since": personal_data.when(CommentVote.objects.get().created_at)}]
    with pytest.raises(NotAllowed):
        services.vote_comment(comment, people["citizen"], "up")  # not on one's own comment
    with pytest.raises(Invalid):
        services.vote_comment(comment, voter, "twice")
    services.hide(comment, people["moderator"], "Hors sujet")
    entry = AuditEntry.objects.get(action="participation.moderated")
    assert (entry.actor, entry.details) == (people["moderator"], {"decision": "hide", "kind": "comment", "id": comment.pk})
    with pytest.raises(NotAllowed):
        services.vote_comment(fresh(comment), voter, "up")


def test_votes_are_rate_limited(proposal, people, settings):
    settings.PARTICIPATION_COMMENT_VOTE_RATE = (2, 10)
    comment = services.comment(proposal, people["citizen"], "<p>Oui</p>")
    services.vote_comment(comment, people["other_citizen"], "up")
    services.vote_comment(comment, people["other_citizen"], "none")
    with pytest.raises(RateLimited):
        services.vote_comment(comment, people["other_citizen"], "up")
    assert fresh(comment).up_count == 0


def test_votes_as_plain_forms_and_sorted_comments(client, proposal, people):
    old = services.comment(proposal, people["citizen"], "<p>Premier avis</p>")
    new = services.comment(proposal, people["municipal_staff"], "<p>Second avis</p>")
    client.force_login(people["other_citizen"])
    page = proposal.get_absolute_url()
    response = client.post(reverse("participation:comment_vote", args=[old.pk]), {"vote": "up", "next": page})
    assert response.status_code == 302 and fresh(old).up_count == 1
    client.post(reverse("participation:comment_vote", args=[new.pk]), {"vote": "down"})
    assert fresh(new).score == -1

    def order(sort):
        return [c.pk for c in client.get(f"{page}?comments={sort}").context["threads"]]

    assert order("oldest") == [old.pk, new.pk]
    assert order("newest") == [new.pk, old.pk]
    assert order("supported") == [old.pk, new.pk]
    assert order("nonsense") == [old.pk, new.pk]
    html = client.get(page).content.decode()
    assert 'aria-pressed="true"' in html and "?comments=supported" in html


def test_a_draft_is_its_authors_until_published(client, process, people, sector):
    author, other = people["citizen"], people["other_citizen"]
    client.force_login(author)
    url = reverse("participation:proposal_create", args=[process.slug])
    client.post(url, {"title": "Des bancs à l'ombre", "body": "<p>Près du marché</p>", "sector": sector.pk,
                      "latitude": INSIDE[0], "longitude": INSIDE[1], "draft": "1"})
    draft = Proposal.objects.get()
    assert draft.state == ProposalState.DRAFT and fresh(process).proposal_count == 0
    process_page = client.get(process.get_absolute_url())
    assert process_page.context["page"].paginator.count == 0 and "Vos brouillons" in process_page.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/proposals/{draft.pk}").status_code == 404
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Vos brouillons" not in client.get(process.get_absolute_url()).content.decode()
    with pytest.raises(NotAllowed):
        services.publish_draft(draft, other)
    with pytest.raises(NotAllowed):
        services.support(draft, other)
    client.force_login(author)
    response = client.post(reverse("participation:proposal_publish", args=[draft.pk]))
    assert response.status_code == 302
    published = fresh(draft)
    assert published.state == ProposalState.PUBLISHED and published.created_at > draft.created_at
    assert Process.objects.get(pk=process.pk).proposal_count == 1
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_draft_waits_for_the_proposals_phase(process, people, sector):
    draft = services.create_proposal(process, people["citizen"], title="Un jardin", body="<p>Ici</p>",
                                     sector=sector, latitude=INSIDE[0], longitude=INSIDE[1], draft=True)
    set_phase(process, PhaseKind.SUPPORTS)
    with pytest.raises(NotAllowed):
        services.publish_draft(Proposal.objects.get(pk=draft.pk), people["citizen"])
    edited = services.edit_proposal(Proposal.objects.get(pk=draft.pk), people["citizen"], title="Un jardin partagé",
                                    body="<p>Ici</p>", sector=sector, latitude=INSIDE[0], longitude=INSIDE[1])
    assert edited.title == "Un jardin partagé" and fresh(draft).state == ProposalState.DRAFT



@pytest.mark.parametrize(("lang", "shown"), [("fr", "Pour (1\u00a0234)"), ("en", "(1,234)"), ("ar", "(1.234)")])
def test_comment_votes_are_grouped_in_the_readers_language(client, proposal, people, lang, shown):
    services.comment(proposal, people["other_citizen"], "<p>Très bien</p>")
    Comment.objects.update(up_count=1234, down_count=1)
    client.force_login(people["citizen"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert shown in html and "1234" not in html


@pytest.mark.parametrize(("lang", "newest"), [("fr", "les plus récents"), ("ar", "الأحدث"), ("en", "newest")])
def test_the_comment_sorts_are_named_in_the_readers_language(client, proposal, people, lang, newest):
    services.comment(proposal, people["other_citizen"], "<p>Oui</p>")
    services.comment(proposal, people["citizen"], "<p>Non</p>")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    assert f">{newest}</a>" in client.get(proposal.get_absolute_url()).content.decode()
