"""Writes of comments: comments and replies (one level), and people's up and down votes on them.

Stored counts (a proposal's comments, a comment's votes) change only here, under a row lock on the counted object.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from madina.core import ratelimit
from madina.core.errors import Invalid, NotAllowed
from madina.core.permissions import require
from madina.core.sanitize import clean_html

from .. import rules as r
from ..models import Comment, CommentVote, NotificationKind, Proposal
from ..notifications import notify
from .base import check_rate, locked

COMMENT_MAX = 5_000
VOTES = {"up": 1, "down": -1, "none": 0}


def _post_comment(proposal: Proposal, author, body: str, parent: Comment | None) -> Comment:
    row = locked(proposal)
    require(r.can_comment, author, row, _("La phase en cours ne permet pas de commenter."))
    check_rate(
        author, Comment, settings.PARTICIPATION_COMMENT_RATE,
        _("Vous avez publié %(count)d commentaires en %(minutes)d minutes : attendez un peu avant le suivant."),
    )
    if len(body) > COMMENT_MAX:
        raise Invalid(_("Un commentaire a au plus %(count)d caractères.") % {"count": COMMENT_MAX}, field="body")
    body = clean_html(body)
    if not body.strip():
        raise Invalid(_("Un commentaire ne peut pas être vide."), field="body")
    comment = Comment.objects.create(proposal=row, author=author, body=body, parent=parent)
    Proposal.objects.filter(pk=row.pk).update(comment_count=F("comment_count") + 1)
    proposal.comment_count = row.comment_count + 1
    return comment


@transaction.atomic
def comment(proposal: Proposal, author, body: str) -> Comment:
    return _post_comment(proposal, author, body, None)


@transaction.atomic
def reply(parent: Comment, author, body: str) -> Comment:
    """Replies stay one level deep: a reply to a reply joins its thread."""
    if parent.is_hidden:
        raise NotAllowed(_("Ce commentaire est masqué : on ne peut pas y répondre."))
    thread = parent.parent if parent.parent_id else parent
    created = _post_comment(parent.proposal, author, body, thread)
    if parent.author_id and parent.author_id != author.pk:
        notify([parent.author_id], NotificationKind.REPLY, parent.proposal.process, proposal=parent.proposal)
    return created


@transaction.atomic
def vote_comment(comment: Comment, user, vote: str) -> Comment:
    """`vote` is "up", "down" or "none" (take one's vote back); voting the same way twice changes nothing. The
    comment's row is locked, so that its up, down and score columns move together and none is lost."""
    if vote not in VOTES:
        raise Invalid(_("Vote inconnu."), field="vote")
    require(r.can_vote_comment, user, comment, _("Vous ne pouvez pas voter sur ce commentaire."))
    ratelimit.limit(
        f"comment-vote:user:{user.pk}", settings.PARTICIPATION_COMMENT_VOTE_RATE,
        _("Vous avez voté %(count)d fois en %(minutes)d minutes : attendez un peu."),
    )
    row = Comment.objects.select_for_update().get(pk=comment.pk)
    value = VOTES[vote]
    existing = CommentVote.objects.filter(comment=row, user=user).first()
    before = existing.value if existing else 0
    if value != before:
        if existing and not value:
            existing.delete()
        elif existing:
            CommentVote.objects.filter(pk=existing.pk).update(value=value)
        else:
            CommentVote.objects.create(comment=row, user=user, value=value)
        up, down = (value == 1) - (before == 1), (value == -1) - (before == -1)
        Comment.objects.filter(pk=row.pk).update(
            up_count=F("up_count") + up, down_count=F("down_count") + down, score=F("score") + value - before)
        row.up_count, row.down_count, row.score = row.up_count + up, row.down_count + down, row.score + value - before
    comment.up_count, comment.down_count, comment.score = row.up_count, row.down_count, row.score
    return comment
