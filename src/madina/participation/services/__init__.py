"""Writes of the co-construction: one function per use case, each in one transaction, in three modules along the
programme's seams (processes and their phases, proposals and what people do with them, comments and their
votes, moderation).

Services check permissions themselves (core.permissions.require with rules.py), so the pages and the API cannot
disagree on who may do what; they refuse with core.errors.
"""

from .comments import COMMENT_MAX, VOTES, comment, reply, vote_comment
from .moderation import dismiss_reports, hide, report, restore
from .processes import (
    PHASE_GUARDS,
    PhaseChange,
    add_phase,
    create_process,
    delete_phase,
    edit_phase,
    edit_process,
    set_picture,
    set_published,
    unused_slug,
)
from .proposals import (
    PROPOSAL_BODY_MAX,
    ImageUpload,
    NewProject,
    SupportResult,
    answer_proposal,
    create_proposal,
    edit_proposal,
    endorse,
    follow,
    publish_draft,
    support,
    unfollow,
    unsupport,
    withdraw_proposal,
)

__all__ = [
    "COMMENT_MAX", "PHASE_GUARDS", "PROPOSAL_BODY_MAX", "VOTES", "ImageUpload", "NewProject", "PhaseChange",
    "SupportResult", "add_phase", "answer_proposal", "comment", "create_process", "create_proposal", "delete_phase",
    "dismiss_reports", "edit_phase", "edit_process", "edit_proposal", "endorse", "follow", "hide", "publish_draft",
    "reply", "report", "restore", "set_picture", "set_published", "support", "unfollow", "unsupport", "unused_slug",
    "vote_comment", "withdraw_proposal",
]
