"""Services: what they store, the counts they keep, and what they refuse (with a message for the person)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends import locmem
from django.utils import timezone

from madina.accounts.models import User
from madina.core.errors import Conflict, Invalid, NotAllowed, RateLimited
from madina.core.permissions import OPERATOR
from madina.participation import emails, notifications, services
from madina.participation.models import (
    AnswerState,
    Comment,
    ModerationAction,
    ModerationLog,
    Notification,
    NotificationKind,
    Process,
    ProcessFollow,
    Proposal,
    ProposalState,
    ReportReason,
    Support,
)
from madina.participation.phases import PhaseKind
from madina.projects.models import Intervention, Origin, Project

from .conftest import INSIDE, OUTSIDE, fresh, set_phase


def propose(process, user, sector, **extra):
    data = {"title": "Des bancs à l'ombre", "body": "<p>Sur la corniche.</p>", "sector": sector,
            "latitude": INSIDE[0], "longitude": INSIDE[1], **extra}
    return services.create_proposal(process, user, **data)


def test_a_proposal_is_sanitised_counted_and_followed(process, people, sector):
    proposal = propose(process, people["citizen"], sector, body='<p onclick="x()">Ok<script>alert(1)</script></p>')
    assert proposal.body == "<p>Ok</p>"
    assert fresh(process).proposal_count == 1
    assert proposal.follower_count == 1
    assert ProcessFollow.objects.filter(process=process, user=people["citizen"]).exists()


def test_a_proposal_outside_the_municipality_is_refused(process, people, sector):
    with pytest.raises(Invalid, match="hors de la municipalité"):
        propose(process, people["citizen"], sector, latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    with pytest.raises(Invalid, match="hors de Tunisie"):
        propose(process, people["citizen"], sector, latitude=10.1, longitude=33.88)
    with pytest.raises(Invalid):
        propose(process, people["citizen"], sector, latitude="nord", longitude=10)
    assert not Proposal.objects.exists()


def test_proposing_outside_the_proposals_phase_is_refused(process, people, sector):
    process = set_phase(process, PhaseKind.SUPPORTS)
    with pytest.raises(NotAllowed):
        propose(process, people["citizen"], sector)


def test_rate_limit_on_proposals(process, people, sector, settings):
    settings.PARTICIPATION_PROPOSAL_RATE = (2, 60)
    propose(process, people["citizen"], sector)
    propose(process, people["citizen"], sector)
    with pytest.raises(RateLimited, match="2 propositions en 60 minutes"):
        propose(process, people["citizen"], sector)
    propose(process, people["other_citizen"], sector)


def test_images_need_a_description_and_a_limit(process, people, sector, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PARTICIPATION_MAX_IMAGES = 1
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, content_type="image/png")
    with pytest.raises(Invalid, match="Décrivez"):
        propose(process, people["citizen"], sector, images=[services.ImageUpload(png, " ")])
    with pytest.raises(Invalid, match="Au plus 1"):
        propose(process, people["citizen"], sector,
                images=[services.ImageUpload(png, "a"), services.ImageUpload(png, "b")])
    proposal = propose(process, people["citizen"], sector, images=[services.ImageUpload(png, "L'arrêt sans ombre")])
    assert proposal.images.get().alt == "L'arrêt sans ombre"


def test_edit_within_window_then_refused(proposal, people, sector, settings):
    services.edit_proposal(proposal, people["citizen"], title="Deux abris", body="<p>B</p>", sector=sector,
                           latitude=INSIDE[0], longitude=INSIDE[1])
    assert fresh(proposal).title == "Deux abris"
    with pytest.raises(NotAllowed):
        services.edit_proposal(proposal, people["other_citizen"], title="X", body="Y", sector=sector,
                               latitude=INSIDE[0], longitude=INSIDE[1])
    Proposal.objects.filter(pk=proposal.pk).update(created_at=timezone.now() - timedelta(days=2))
    with pytest.raises(NotAllowed, match="ne peut plus être modifiée"):
        services.edit_proposal(fresh(proposal), people["citizen"], title="X", body="Y", sector=sector,
                               latitude=INSIDE[0], longitude=INSIDE[1])


def test_withdraw(proposal, people):
    with pytest.raises(NotAllowed):
        services.withdraw_proposal(proposal, people["other_citizen"])
    services.withdraw_proposal(proposal, people["citizen"])
    assert fresh(proposal).state == ProposalState.WITHDRAWN
    assert fresh(proposal.process).proposal_count == 0


def test_a_proposal_withdrawn_twice_at_once_leaves_the_process_count_exact(proposal, people):
    """A double click: both requests loaded the proposal while it was published; the second must find it
    withdrawn, not take one more off the process's count."""
    first, second = fresh(proposal), fresh(proposal)
    services.withdraw_proposal(first, people["citizen"])
    with pytest.raises(NotAllowed):
        services.withdraw_proposal(second, people["citizen"])
    assert fresh(proposal.process).proposal_count == 0


def test_support_is_counted_once_and_can_be_withdrawn(proposal, people):
    set_phase(proposal.process, PhaseKind.SUPPORTS)
    proposal = fresh(proposal)
    assert services.support(proposal, people["other_citizen"]).support_count == 1
    assert services.support(proposal, people["other_citizen"]).support_count == 1
    assert services.support(proposal, people["municipal_staff"]).support_count == 2
    assert services.unsupport(proposal, people["other_citizen"]) == services.SupportResult(False, 1)
    assert services.unsupport(proposal, people["other_citizen"]).support_count == 1
    assert fresh(proposal).support_count == Support.objects.filter(proposal=proposal).count() == 1


def test_support_outside_the_supports_phase_is_refused(proposal, people):
    with pytest.raises(NotAllowed, match="soutenir"):
        services.support(proposal, people["other_citizen"])
    assert fresh(proposal).support_count == 0


def test_comments_and_replies_stay_one_level(proposal, people):
    first = services.comment(proposal, people["other_citizen"], "<p>D'accord</p>")
    reply = services.reply(first, people["citizen"], "Merci")
    deeper = services.reply(reply, people["other_citizen"], "De rien")
    assert reply.parent == first and deeper.parent == first
    assert fresh(proposal).comment_count == 3
    assert Notification.objects.filter(recipient=people["other_citizen"], kind=NotificationKind.REPLY).count() == 1
    with pytest.raises(Invalid):
        services.comment(proposal, people["citizen"], "<script></script>")


def test_comment_rate_limit_message(proposal, people, settings):
    settings.PARTICIPATION_COMMENT_RATE = (1, 5)
    services.comment(proposal, people["other_citizen"], "Un")
    with pytest.raises(RateLimited, match="1 commentaires en 5 minutes"):
        services.comment(proposal, people["other_citizen"], "Deux")


def test_follow_and_endorse_keep_counts(proposal, people):
    assert services.follow(proposal, people["other_citizen"])
    assert not services.follow(proposal, people["other_citizen"])
    assert fresh(proposal).follower_count == 2
    assert services.unfollow(proposal, people["other_citizen"])
    assert fresh(proposal).follower_count == 1
    services.endorse(proposal, people["other_citizen"], "Association Oasis de Chenini")
    services.endorse(proposal, people["other_citizen"], "Association Oasis de Chenini")
    assert fresh(proposal).endorsement_count == 1
    with pytest.raises(Invalid):
        services.endorse(proposal, people["municipal_staff"], "  ")


def test_answer_notifies_author_and_followers_by_site_and_email(proposal, people, django_capture_on_commit_callbacks):
    process = set_phase(proposal.process, PhaseKind.DEBATE)
    proposal = fresh(proposal)
    proposal.process = process
    services.follow(proposal, people["other_citizen"])
    with pytest.raises(NotAllowed):
        services.answer_proposal(proposal, people["foreign_staff"], AnswerState.REJECTED, "Non")
    with pytest.raises(Invalid, match="motifs"):
        services.answer_proposal(proposal, people["municipal_staff"], AnswerState.REJECTED, " ")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_proposal(proposal, people["municipal_staff"], AnswerState.REJECTED, "<p>Hors budget</p>")
    notified = set(Notification.objects.filter(kind=NotificationKind.ANSWER).values_list("recipient__email", flat=True))
    assert notified == {"amel@example.tn", "karim@example.tn"}
    assert sorted(m.to[0] for m in mail.outbox) == ["amel@example.tn", "karim@example.tn"]
    assert "Un abri pour l'arrêt de bus" in mail.outbox[0].body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_accepted_proposal_becomes_a_catalogue_project(proposal, people):
    process = set_phase(proposal.process, PhaseKind.RESULTS)
    proposal = fresh(proposal)
    proposal.process = process
    services.answer_proposal(
        proposal, people["municipal_staff"], AnswerState.ACCEPTED, "Retenue", new_project=services.NewProject()
    )
    project = fresh(proposal).project
    assert project.title == proposal.title
    assert project.origin == Origin.CITIZEN_PROPOSAL
    assert project.intervention == Intervention.CITY_WIDE
    assert project.municipality == process.municipality
    assert project.sector == proposal.sector


def test_accepted_proposal_joins_an_existing_project_of_the_same_municipality(proposal, people, sfax):
    process = set_phase(proposal.process, PhaseKind.RESULTS)
    proposal = fresh(proposal)
    existing = Project.objects.create(
        title="Réseau de bus", municipality=process.municipality, sector=proposal.sector,
        intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN,
    )
    elsewhere = Project.objects.create(
        title="Tram", municipality=sfax, sector=proposal.sector, intervention=Intervention.CITY_WIDE,
        origin=Origin.MUNICIPAL_PLAN,
    )
    with pytest.raises(Invalid):
        services.answer_proposal(proposal, people["organiser"], AnswerState.ACCEPTED, "Oui", project=elsewhere)
    with pytest.raises(Invalid):
        services.answer_proposal(proposal, people["organiser"], AnswerState.REJECTED, "Non", project=existing)
    services.answer_proposal(proposal, people["organiser"], AnswerState.ACCEPTED, "Oui", project=existing)
    assert fresh(proposal).project == existing
    assert Project.objects.count() == 2


def test_reports_hide_automatically_then_moderators_decide(proposal, people, settings):
    settings.PARTICIPATION_AUTO_HIDE_REPORTS = 2
    reporters = [people["other_citizen"], people["municipal_staff"]]
    services.report(proposal, reporters[0], ReportReason.SPAM)
    with pytest.raises(Conflict, match="déjà signalé"):  # one report per person
        services.report(proposal, reporters[0], ReportReason.ABUSE)
    assert not fresh(proposal).is_hidden
    services.report(proposal, reporters[1], ReportReason.OFF_TOPIC)
    assert fresh(proposal).is_hidden and fresh(proposal).report_count == 2
    assert ModerationLog.objects.get().action == ModerationAction.AUTO_HIDE
    with pytest.raises(NotAllowed):
        services.restore(proposal, people["citizen"], "C'est moi")
    with pytest.raises(Invalid):
        services.restore(proposal, people["moderator"], "")
    services.restore(proposal, people["moderator"], "Signalements infondés")
    assert not fresh(proposal).is_hidden
    assert not proposal.reports.filter(resolved_at__isnull=True).exists()
    assert [e.action for e in ModerationLog.objects.order_by("id")] == [ModerationAction.AUTO_HIDE, ModerationAction.RESTORE]
    assert ModerationLog.objects.order_by("id").last().actor == people["moderator"]


def test_hiding_a_comment(proposal, people):
    comment = services.comment(proposal, people["other_citizen"], "Insulte")
    services.report(comment, people["citizen"], ReportReason.ABUSE, "grossier")
    with pytest.raises(NotAllowed):
        services.report(comment, people["other_citizen"], ReportReason.ABUSE)
    services.hide(comment, people["municipal_staff"], "Propos injurieux")
    assert Comment.objects.get(pk=comment.pk).is_hidden
    with pytest.raises(NotAllowed):
        services.reply(Comment.objects.get(pk=comment.pk), people["citizen"], "Réponse")


def test_phases_cannot_overlap(process):
    now = timezone.now()
    with pytest.raises(Invalid, match="chevauche"):
        services.add_phase(process, OPERATOR, PhaseKind.DEBATE, now, now + timedelta(days=2))
    with pytest.raises(Invalid):
        services.add_phase(process, OPERATOR, PhaseKind.DEBATE, now + timedelta(days=20), now + timedelta(days=10))
    services.add_phase(process, OPERATOR, PhaseKind.DEBATE, now + timedelta(days=7), now + timedelta(days=14))
    assert [p.kind for p in fresh(process).phases.all()] == [PhaseKind.PROPOSALS, PhaseKind.DEBATE]


def test_a_starting_phase_is_announced_once_to_followers(process, people, django_capture_on_commit_callbacks):
    services.follow(process, people["citizen"])
    now = timezone.now()
    later = services.add_phase(process, OPERATOR, PhaseKind.DEBATE, now + timedelta(days=7), now + timedelta(days=14))
    assert emails.announce(later.pk) == 0  # not started yet
    type(later).objects.filter(pk=later.pk).update(starts_at=now - timedelta(minutes=1))
    Process.objects.filter(pk=process.pk).first().phases.exclude(pk=later.pk).update(
        ends_at=now - timedelta(minutes=1), starts_at=now - timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.announce_started_phases() >= 1
    assert emails.announce_started_phases() == 0
    assert Notification.objects.filter(recipient=people["citizen"], kind=NotificationKind.PHASE_STARTED, phase=later).count() == 1
    assert any("commence" in m.body for m in mail.outbox)


def test_unread_count_and_mark_read(proposal, people):
    comment = services.comment(proposal, people["other_citizen"], "Question ?")
    services.reply(comment, people["citizen"], "Réponse")
    assert notifications.unread_count(people["other_citizen"]) == 1
    assert notifications.mark_read(people["other_citizen"]) == 1
    assert notifications.unread_count(people["other_citizen"]) == 0


def test_emails_to_many_followers_cost_the_same_queries_and_mark_what_was_sent(process, people, monkeypatch,
                                                                                django_assert_num_queries):
    followers = [people["citizen"], people["other_citizen"], people["moderator"], people["organiser"]]
    rows = notifications.notify([u.pk for u in followers], NotificationKind.PHASE_STARTED, process,
                                phase=process.phases.first())
    ids = [n.pk for n in rows]
    with django_assert_num_queries(2):  # the pending notifications, then marking the sent ones
        assert emails.send_emails(ids[:2]) == 2
    assert emails.send_emails(ids[:2]) == 0  # sent once
    assert len(mail.outbox) == 2 and mail.outbox[0].body == mail.outbox[1].body

    original = locmem.EmailBackend.send_messages

    def refuse_the_moderator(backend, messages):  # the moderator's is sent after the organiser's (newest first)
        if any(people["moderator"].email in message.to for message in messages):
            raise OSError("mailbox unavailable")
        return original(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse_the_moderator)
    with pytest.raises(OSError):
        emails.send_emails(ids)
    emailed = set(Notification.objects.filter(pk__in=ids, emailed_at__isnull=False).values_list("recipient", flat=True))
    assert people["organiser"].pk in emailed and people["moderator"].pk not in emailed


def test_each_follower_is_told_in_their_own_language_over_one_connection(process, people, monkeypatch):
    for who, language in (("citizen", "ar"), ("other_citizen", "en"), ("moderator", "fr")):
        User.objects.filter(pk=people[who].pk).update(language=language)
    followers = [people[who].pk for who in ("citizen", "other_citizen", "moderator")]
    rows = notifications.notify(followers, NotificationKind.PHASE_STARTED, process, phase=process.phases.first())
    opened = []
    monkeypatch.setattr(locmem.EmailBackend, "open", lambda backend: opened.append(backend), raising=False)
    assert emails.send_emails([n.pk for n in rows]) == 3
    assert len(opened) == 1  # one connection for the whole batch
    sent = {m.to[0]: m for m in mail.outbox}
    assert {to: m.extra_headers["Content-Language"] for to, m in sent.items()} == {
        "amel@example.tn": "ar", "karim@example.tn": "en", "moderation@madina.tn": "fr"}
    assert "phase" in sent["karim@example.tn"].body and "commence" in sent["moderation@madina.tn"].body
    assert len({m.subject for m in sent.values()}) == 3
