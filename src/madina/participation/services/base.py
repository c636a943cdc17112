"""Helpers the participation services share: row locks, the follow links whose counts they keep, and the limit on
how fast one person posts."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from madina.core.errors import RateLimited

from ..models import Process, ProcessFollow, Proposal, ProposalFollow


def lock(obj) -> None:
    """Lock the row of a process, proposal or comment until the transaction ends; the caller keeps its copy."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).first()


def locked(proposal: Proposal) -> Proposal:
    """The proposal row, locked until the transaction ends; the caller's copy keeps its loaded process."""
    row = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    row.process = proposal.process
    return row


FOLLOWS = {Process: (ProcessFollow, "process"), Proposal: (ProposalFollow, "proposal")}


def set_follow(followed: Process | Proposal, user, following: bool) -> bool:
    """Start or stop following a process or a proposal, keeping its follower_count; True when something changed."""
    model = type(followed)
    follows, field = FOLLOWS[model]
    lock(followed)
    link = {field: followed, "user": user}
    if following:
        _follow, changed = follows.objects.get_or_create(**link)
    else:
        changed = follows.objects.filter(**link).delete()[0] > 0
    if changed:
        model.objects.filter(pk=followed.pk).update(follower_count=F("follower_count") + (1 if following else -1))
    return changed


def check_rate(author, model, rate: tuple[int, int], message: str) -> None:
    """`rate` is a (count, minutes) setting: at most `count` of the author's rows in the last `minutes`. The
    author's row is locked first, so one person's posts are counted in turn: thirty sent at once cannot all see
    the count before any of them is stored."""
    get_user_model().objects.select_for_update().only("pk").get(pk=author.pk)
    count, minutes = rate
    since = timezone.now() - timedelta(minutes=minutes)
    if model.objects.filter(author=author, created_at__gte=since).count() >= count:
        raise RateLimited(message % {"count": count, "minutes": minutes})
