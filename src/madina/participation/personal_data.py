"""What participation holds about a person (accounts.personal_data): what they wrote, supported, voted on,
followed, endorsed and reported, and their notifications. Erasing drops follows (keeping follower counts) and
notifications; proposals, comments, supports, votes on comments, endorsements and reports stay, signed by the
erased account."""

from __future__ import annotations

from madina.accounts.personal_data import when

from .models import (
    Comment,
    CommentVote,
    Endorsement,
    Notification,
    ProcessFollow,
    Proposal,
    ProposalFollow,
    Report,
    Support,
)
from .services.base import set_follow


def export(user) -> dict:
    return {
        "proposals": [
            {"id": p.pk, "process": p.process.slug, "title": p.title, "body": p.body, "state": p.state,
             "latitude": str(p.latitude), "longitude": str(p.longitude), "created": when(p.created_at),
             "images": [image.image.name for image in p.images.all()]}
            for p in Proposal.objects.filter(author=user).select_related("process").prefetch_related("images")
        ],
        "comments": [{"id": c.pk, "proposal": c.proposal_id, "body": c.body, "created": when(c.created_at)}
                     for c in Comment.objects.filter(author=user)],
        "supports": [{"proposal": s.proposal_id, "since": when(s.created_at)} for s in Support.objects.filter(user=user)],
        "comment_votes": [
            {"comment": v.comment_id, "vote": "up" if v.value > 0 else "down", "since": when(v.created_at)}
            for v in CommentVote.objects.filter(user=user)
        ],
        "endorsements": [{"proposal": e.proposal_id, "organisation": e.organisation, "since": when(e.created_at)}
                         for e in Endorsement.objects.filter(user=user)],
        "followed_proposals": list(ProposalFollow.objects.filter(user=user).values_list("proposal_id", flat=True)),
        "followed_processes": list(ProcessFollow.objects.filter(user=user).values_list("process__slug", flat=True)),
        "reports": [{"proposal": r.proposal_id, "comment": r.comment_id, "reason": r.reason, "details": r.details,
                     "created": when(r.created_at)} for r in Report.objects.filter(reporter=user)],
        "notifications": [{"kind": n.kind, "created": when(n.created_at), "read": n.read_at is not None}
                          for n in Notification.objects.filter(recipient=user)],
    }


def erase(user) -> None:
    for follow in ProposalFollow.objects.filter(user=user).select_related("proposal"):
        set_follow(follow.proposal, user, False)
    for follow in ProcessFollow.objects.filter(user=user).select_related("process"):
        set_follow(follow.process, user, False)
    Notification.objects.filter(recipient=user).delete()
