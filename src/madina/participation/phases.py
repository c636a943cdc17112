"""What each kind of phase allows, declared in one place.

Permission predicates (rules.py) combine "the current phase allows this action" with the person's role; nothing
else in the app decides from a phase kind. The budgeting app hangs its ballots on a BUDGET_VOTE phase and asks
for the VOTE action through the same registry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("information")
    PROPOSALS = "proposals", _("propositions")
    DEBATE = "debate", _("débat")
    SUPPORTS = "supports", _("soutiens")
    BUDGET_VOTE = "budget_vote", _("vote du budget")
    RESULTS = "results", _("résultats")
    FOLLOW_UP = "follow_up", _("suivi")
    SURVEY = "survey", _("enquête")


class Action(models.TextChoices):
    PROPOSE = "propose", _("proposer")
    EDIT_PROPOSAL = "edit_proposal", _("modifier sa proposition")
    COMMENT = "comment", _("commenter")
    SUPPORT = "support", _("soutenir")
    ENDORSE = "endorse", _("appuyer au nom d'une organisation")
    ANSWER = "answer", _("répondre officiellement")
    VOTE = "vote", _("voter")


ALLOWED_ACTIONS: dict[str, frozenset[str]] = {
    PhaseKind.INFORMATION: frozenset(),
    PhaseKind.PROPOSALS: frozenset({Action.PROPOSE, Action.EDIT_PROPOSAL, Action.COMMENT, Action.ENDORSE}),
    PhaseKind.DEBATE: frozenset({Action.EDIT_PROPOSAL, Action.COMMENT, Action.ENDORSE, Action.ANSWER}),
    PhaseKind.SUPPORTS: frozenset({Action.SUPPORT, Action.COMMENT, Action.ENDORSE, Action.ANSWER}),
    PhaseKind.BUDGET_VOTE: frozenset({Action.VOTE, Action.ANSWER}),
    PhaseKind.RESULTS: frozenset({Action.ANSWER}),
    PhaseKind.FOLLOW_UP: frozenset({Action.COMMENT, Action.ANSWER}),
    # Answering the survey itself is the surveys app's rule (its survey runs while the phase does).
    PhaseKind.SURVEY: frozenset({Action.ANSWER}),
}


def allows(kind: str | None, action: str) -> bool:
    """Whether a phase of this kind allows the action; no current phase allows nothing."""
    return kind is not None and action in ALLOWED_ACTIONS[kind]
