"""Who may do what in each phase: the phase registry combined with roles, checked from the outside."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from madina.participation import rules as r
from madina.participation import services
from madina.participation.phases import ALLOWED_ACTIONS, Action, PhaseKind

from .conftest import fresh, set_phase

# The programme's expectations, written independently of phases.ALLOWED_ACTIONS.
EXPECTED_CITIZEN = {
    PhaseKind.INFORMATION: set(),
    PhaseKind.PROPOSALS: {"propose", "comment", "endorse", "edit"},
    PhaseKind.DEBATE: {"comment", "endorse", "edit"},
    PhaseKind.SUPPORTS: {"support", "comment", "endorse"},
    PhaseKind.BUDGET_VOTE: {"vote"},
    PhaseKind.RESULTS: set(),
    PhaseKind.FOLLOW_UP: {"comment"},
    PhaseKind.SURVEY: set(),
}
ANSWER_PHASES = {PhaseKind.DEBATE, PhaseKind.SUPPORTS, PhaseKind.BUDGET_VOTE, PhaseKind.RESULTS, PhaseKind.FOLLOW_UP,
                 PhaseKind.SURVEY}


def test_every_phase_kind_is_declared():
    assert set(ALLOWED_ACTIONS) == set(PhaseKind.values)
    assert all(action in Action.values for actions in ALLOWED_ACTIONS.values() for action in actions)


def citizen_can(user, process, proposal) -> set[str]:
    checks = {
        "propose": r.can_propose.test(user, process),
        "comment": r.can_comment.test(user, proposal),
        "support": r.can_support.test(user, proposal),
        "endorse": r.can_endorse.test(user, proposal),
        "vote": r.can_vote.test(user, process),
        "edit": r.can_edit_proposal.test(user, proposal),
    }
    return {name for name, allowed in checks.items() if allowed}


@pytest.mark.parametrize("kind", PhaseKind.values)
def test_citizen_actions_follow_the_phase(kind, proposal, people):
    process = set_phase(proposal.process, kind)
    proposal = fresh(proposal)
    assert citizen_can(people["citizen"], process, proposal) == EXPECTED_CITIZEN[kind]
    # Another citizen is the same except for editing, which is the author's alone.
    assert citizen_can(people["other_citizen"], process, proposal) == EXPECTED_CITIZEN[kind] - {"edit"}


@pytest.mark.parametrize("kind", PhaseKind.values)
def test_anonymous_visitors_only_read(kind, proposal):
    process = set_phase(proposal.process, kind)
    assert citizen_can(AnonymousUser(), process, fresh(proposal)) == set()


@pytest.mark.parametrize("kind", PhaseKind.values)
@pytest.mark.parametrize(
    ("role", "answers", "moderates"),
    [
        ("citizen", False, False),
        ("municipal_staff", True, True),
        ("governorate_staff", True, True),
        ("organiser", True, True),
        ("moderator", False, True),
        ("foreign_staff", False, False),
    ],
)
def test_staff_roles(kind, role, answers, moderates, proposal, people):
    set_phase(proposal.process, kind)
    proposal = fresh(proposal)
    user = people[role]
    assert r.can_answer.test(user, proposal) == (answers and kind in ANSWER_PHASES)
    assert r.can_moderate.test(user, proposal) == moderates
    assert r.can_manage_process.test(user, proposal.process) == answers


def test_no_current_phase_allows_nothing(proposal, people):
    process = proposal.process
    process.phases.update(starts_at=timezone.now() + timedelta(days=30), ends_at=timezone.now() + timedelta(days=40))
    assert citizen_can(people["citizen"], fresh(process), fresh(proposal)) == set()


def test_edit_window_closes(proposal, people, settings):
    settings.PARTICIPATION_EDIT_WINDOW_MINUTES = 30
    assert r.can_edit_proposal.test(people["citizen"], fresh(proposal))
    proposal.created_at = timezone.now() - timedelta(minutes=31)
    proposal.save()
    assert not r.can_edit_proposal.test(people["citizen"], fresh(proposal))


def test_withdrawn_and_hidden_proposals_gather_nothing(proposal, people):
    services.withdraw_proposal(proposal, people["citizen"])
    assert not r.can_comment.test(people["other_citizen"], fresh(proposal))
    assert not r.can_withdraw_proposal.test(people["citizen"], fresh(proposal))


def test_people_cannot_report_their_own_content(proposal, people):
    assert not r.can_report.test(people["citizen"], proposal)
    assert r.can_report.test(people["other_citizen"], proposal)


def test_moderator_scoped_to_another_municipality_does_not_moderate(proposal, sfax):
    from madina.accounts.models import Role

    from .conftest import make_user

    scoped = make_user("moderation@sfax.tn", Role.MODERATOR, municipality=sfax)
    assert not r.can_moderate.test(scoped, proposal)
    assert r.moderated_municipality_ids(scoped) == {sfax.pk}
