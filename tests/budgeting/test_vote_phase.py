"""The vote phase of a budget is "the" vote phase (one per process), and once ballots are in it stays under them:
its kind and its opening no longer change, its close may move later but never earlier nor into the past; once
the count is asked for, nothing of it changes. Before the first ballot it is edited like any phase."""

from datetime import timedelta

import pytest
from django.utils import timezone

from madina.budgeting import queries, services
from madina.core.errors import Conflict, Invalid
from madina.core.permissions import OPERATOR
from madina.participation import services as participation_services
from madina.participation.models import Phase
from madina.participation.phases import PhaseKind

from .conftest import CENSUS, close_vote, eligible, ids

A = "Abris ombragés aux arrêts de bus"


def vote_phase(budget) -> Phase:
    return budget.process.phases.get(kind=PhaseKind.BUDGET_VOTE)


def edit(phase, user, **change):
    values = {"kind": phase.kind, "starts_at": phase.starts_at, "ends_at": phase.ends_at, **change}
    return participation_services.edit_phase(phase, user, **values)


@pytest.fixture
def with_ballot(budget, people):
    services.cast_ballot(budget, eligible(budget, people["citizen"], CENSUS[0]), ids(budget, A))
    return budget


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": PhaseKind.SUPPORTS}, "kind"),
        ({"starts_at": -timedelta(hours=2)}, "starts_at"),
        ({"ends_at": -timedelta(days=1)}, "ends_at"),  # earlier
        ({"ends_at": "past"}, "ends_at"),  # into the past
    ],
)
def test_the_vote_phase_is_not_edited_out_from_under_its_ballots(with_ballot, people, change, field):
    phase = vote_phase(with_ballot)
    before = (phase.kind, phase.starts_at, phase.ends_at)
    values = {}
    for name, value in change.items():
        if isinstance(value, timedelta):
            values[name] = getattr(phase, name) + value
        elif value == "past":
            values[name] = timezone.now() - timedelta(minutes=5)
        else:
            values[name] = value
    with pytest.raises(Conflict) as refusal:
        edit(phase, people["municipal_staff"], **values)
    assert refusal.value.field == field and "bulletins" in refusal.value.message
    phase.refresh_from_db()
    assert (phase.kind, phase.starts_at, phase.ends_at) == before


def test_its_close_may_move_later(with_ballot, people):
    phase = vote_phase(with_ballot)
    later = phase.ends_at + timedelta(days=3)
    edit(phase, people["municipal_staff"], ends_at=later)
    assert Phase.objects.get(pk=phase.pk).ends_at == later


def test_nothing_changes_once_the_count_is_asked_for(budget, people):
    budget = close_vote(budget)
    services.enter_paper_ballot(budget, people["municipal_staff"], ids(budget, A), identifier=CENSUS[1])
    services.request_count(budget, people["municipal_staff"])
    phase = vote_phase(budget)
    with pytest.raises(Conflict, match="dépouillement"):
        edit(phase, people["municipal_staff"], ends_at=phase.ends_at - timedelta(minutes=30))


def test_before_the_first_ballot_the_vote_phase_is_edited_freely(budget, people):
    phase = vote_phase(budget)
    edit(phase, people["municipal_staff"], starts_at=phase.starts_at - timedelta(hours=1),
         ends_at=phase.ends_at - timedelta(days=1))
    phase.refresh_from_db()
    assert queries.vote_phase(budget.process).pk == phase.pk


def test_a_process_holds_one_vote_phase(budget, people):
    phase = vote_phase(budget)
    with pytest.raises(Invalid, match="déjà une phase de vote") as refusal:
        participation_services.add_phase(budget.process, OPERATOR, PhaseKind.BUDGET_VOTE, phase.ends_at,
                                         phase.ends_at + timedelta(days=2))
    assert refusal.value.field == "kind"


def test_the_phase_page_shows_the_refusal_next_to_the_field(client, with_ballot, people):
    phase = vote_phase(with_ballot)
    client.force_login(people["municipal_staff"])
    response = client.post(f"/participer/phases/{phase.pk}/modifier/", {
        "kind": PhaseKind.BUDGET_VOTE,
        "starts_at": timezone.localtime(phase.starts_at - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 200
    assert "ouverture ne change plus" in " ".join(response.context["form"].errors["starts_at"])
    assert Phase.objects.get(pk=phase.pk).starts_at == phase.starts_at


def test_a_phase_stored_to_the_second_is_saved_unchanged_and_extended_from_the_page(client, with_ballot, people):
    """The form gives times to the minute: saving the phase as it is, or moving its close later, is accepted."""
    phase = vote_phase(with_ballot)
    Phase.objects.filter(pk=phase.pk).update(starts_at=phase.starts_at.replace(second=37),
                                             ends_at=phase.ends_at.replace(second=12))
    phase.refresh_from_db()
    client.force_login(people["municipal_staff"])

    def post(ends_at):
        return client.post(f"/participer/phases/{phase.pk}/modifier/", {
            "kind": PhaseKind.BUDGET_VOTE,
            "starts_at": timezone.localtime(phase.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(ends_at).strftime("%Y-%m-%dT%H:%M"),
        })

    assert post(phase.ends_at).status_code == 302
    assert post(phase.ends_at + timedelta(days=2)).status_code == 302
    assert Phase.objects.get(pk=phase.pk).ends_at.date() == (phase.ends_at + timedelta(days=2)).date()


def test_the_database_holds_one_vote_phase_per_process(budget):
    from django.db import IntegrityError, transaction

    phase = vote_phase(budget)
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(process=budget.process, kind=PhaseKind.BUDGET_VOTE, starts_at=phase.ends_at,
                             ends_at=phase.ends_at + timedelta(days=1))


def test_deleting_the_vote_phase_with_ballots_is_refused_on_the_page(client, with_ballot, people):
    phase = vote_phase(with_ballot)
    client.force_login(people["municipal_staff"])
    response = client.post(f"/participer/phases/{phase.pk}/supprimer/", follow=True)
    assert "ne peut plus être retirée" in response.content.decode()
    assert Phase.objects.filter(pk=phase.pk).exists()
