"""Who may do what in a process: "the current phase allows the action" combined with the person's role.

Every predicate takes the user and a process, proposal or comment. The phase is read once per object
(cached on it), so a page asking several questions about one proposal runs one phase query at most.
"""

from __future__ import annotations

from datetime import timedelta

import rules
from django.conf import settings
from django.utils import timezone

from madina.accounts.models import Role
from madina.accounts.rules import is_moderator, is_signed_in, is_staff_member, manages_municipality, roles
from madina.territory.models import Municipality

from .models import Comment, Phase, Process, Proposal, ProposalState
from .phases import Action, allows


def process_of(obj) -> Process:
    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Comment):
        return obj.proposal.process
    return obj.process


def current_phase(process: Process, now=None) -> Phase | None:
    if now is not None:
        return process.current_phase(now)
    if not hasattr(process, "_madina_current_phase"):
        process._madina_current_phase = process.current_phase()
    return process._madina_current_phase


def phase_allows(action: str):
    @rules.predicate(name=f"phase_allows_{action}")
    def predicate(user, obj) -> bool:
        if obj is None:
            return False
        process = process_of(obj)
        phase = current_phase(process)
        return process.is_published and allows(phase.kind if phase else None, action)

    return predicate


@rules.predicate
def is_author(user, obj) -> bool:
    return obj is not None and user.is_authenticated and obj.author_id == user.pk


@rules.predicate
def proposal_is_open(user, proposal) -> bool:
    """Published, not withdrawn, not hidden: the proposal can still gather comments and supports."""
    return (
        proposal is not None
        and isinstance(proposal, Proposal)
        and proposal.state == ProposalState.PUBLISHED
        and not proposal.is_hidden
    )


@rules.predicate
def is_draft(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and proposal.state == ProposalState.DRAFT


@rules.predicate
def comment_is_open(user, comment) -> bool:
    """A comment shown on an open proposal: people may still vote on it."""
    return isinstance(comment, Comment) and not comment.is_hidden and proposal_is_open(user, comment.proposal)


@rules.predicate
def within_edit_window(user, proposal) -> bool:
    return proposal is not None and timezone.now() < proposal.created_at + timedelta(minutes=settings.PARTICIPATION_EDIT_WINDOW_MINUTES)


@rules.predicate
def manages_process(user, obj) -> bool:
    return obj is not None and manages_municipality(user, process_of(obj).municipality)


@rules.predicate
def moderates_process(user, obj) -> bool:
    """Staff of the municipality, national moderators, and moderators scoped to this municipality."""
    if obj is None or not user.is_authenticated:
        return False
    process = process_of(obj)
    if manages_municipality(user, process.municipality):
        return True
    if not is_moderator(user):
        return False
    return any(
        role == Role.MODERATOR and municipality_id in (None, process.municipality_id)
        for role, _, municipality_id in roles(user)
    )


@rules.predicate
def process_is_published(user, obj) -> bool:
    return obj is not None and process_of(obj).is_published


can_propose = is_signed_in & phase_allows(Action.PROPOSE)
# A draft is its author's own until published: edited at any time, published while the phase takes proposals.
can_edit_proposal = is_author & (is_draft | (proposal_is_open & phase_allows(Action.EDIT_PROPOSAL) & within_edit_window))
can_publish_draft = is_author & is_draft & phase_allows(Action.PROPOSE)
can_withdraw_proposal = is_author & proposal_is_open
can_comment = is_signed_in & proposal_is_open & phase_allows(Action.COMMENT)
can_vote_comment = is_signed_in & ~is_author & comment_is_open & phase_allows(Action.COMMENT)
can_support = is_signed_in & proposal_is_open & phase_allows(Action.SUPPORT)
can_endorse = is_signed_in & proposal_is_open & phase_allows(Action.ENDORSE)
can_answer = manages_process & phase_allows(Action.ANSWER)
can_vote = is_signed_in & phase_allows(Action.VOTE)
can_follow = is_signed_in
can_report = is_signed_in & ~is_author
can_moderate = moderates_process
# A proposal hidden by moderation: its page and its images, for its author and the moderators only.
can_see_hidden_proposal = is_author | moderates_process
# A proposal or comment of an unpublished (draft or withdrawn) process: its staff only; for anyone else it is not
# there (404), by its page, its point, its comments and the API alike (queries.proposal and queries.comment).
can_see_in_process = process_is_published | manages_process
can_manage_process = manages_process
can_create_process = is_staff_member


@rules.predicate
def can_create_process_in(user, municipality) -> bool:
    return manages_municipality(user, municipality)


rules.add_perm("participation.propose", can_propose)
rules.add_perm("participation.edit_proposal", can_edit_proposal)
rules.add_perm("participation.withdraw_proposal", can_withdraw_proposal)
rules.add_perm("participation.comment", can_comment)
rules.add_perm("participation.vote_comment", can_vote_comment)
rules.add_perm("participation.publish_draft", can_publish_draft)
rules.add_perm("participation.support", can_support)
rules.add_perm("participation.endorse", can_endorse)
rules.add_perm("participation.answer", can_answer)
rules.add_perm("participation.vote", can_vote)
rules.add_perm("participation.follow", can_follow)
rules.add_perm("participation.report", can_report)
rules.add_perm("participation.moderate", can_moderate)
rules.add_perm("participation.manage_process", can_manage_process)
rules.add_perm("participation.create_process", can_create_process)


def moderated_municipality_ids(user):
    """The municipalities whose moderation queue the user sees: None means all of them, empty means none."""
    if not user.is_authenticated:
        return set()
    held = roles(user)
    if user.is_superuser or any(
        role == Role.ORGANISER or (role == Role.MODERATOR and municipality_id is None)
        for role, _, municipality_id in held
    ):
        return None
    ids = {m for role, _, m in held if role in (Role.MUNICIPAL_STAFF, Role.MODERATOR) and m}
    governorates = [g for role, g, _ in held if role == Role.GOVERNORATE_STAFF]
    if governorates:
        ids |= set(Municipality.objects.filter(governorate_id__in=governorates).values_list("pk", flat=True))
    return ids
