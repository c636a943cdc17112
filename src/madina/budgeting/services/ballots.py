"""Ballots: validating a choice against the budget's rules, casting and changing one's ballot online, paper
ballots typed by officers, and asking for the count once the vote has closed.

A ballot locks its voter's row in the register (`Voter`, unique per budget and voter key), so one voter's two
requests go in turn while different voters vote side by side; the budget row is touched last, by the update that
moves `ballot_count`, and so held only while the ballot commits: the stored count stays exact (bench/ballots.py
counts them), and a count requested meanwhile (`request_count` locks that row) waits for the ballot, or the ballot
is refused once the count is asked.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.core import audit
from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.permissions import require

from .. import rules as r
from .. import secrecy
from ..models import (
    Ballot,
    Budget,
    BudgetProject,
    CensusEntry,
    Channel,
    CountState,
    Eligibility,
    Voter,
    VotingCode,
)
from ..tasks import count_budget
from .base import locked
from .lockouts import guarded_paper_entry


def validate_choices(budget: Budget, project_ids) -> list[int]:
    """The chosen projects as sorted ids, or Invalid (on `projects`) saying what is wrong. Nothing is stored."""
    unknown = _("Un des projets choisis n'existe pas dans ce budget.")
    try:
        chosen = sorted({int(pid) for pid in project_ids})
    except (TypeError, ValueError):
        raise Invalid(unknown, field="projects") from None
    costs = dict(BudgetProject.objects.filter(budget=budget, pk__in=chosen).values_list("pk", "cost_tnd"))
    if len(costs) != len(chosen):
        raise Invalid(unknown, field="projects")
    if len(chosen) < budget.min_projects:
        too_few = ngettext(
            "Choisissez au moins %(count)d projet.", "Choisissez au moins %(count)d projets.", budget.min_projects,
        )
        raise Invalid(too_few % {"count": budget.min_projects}, field="projects")
    if budget.max_projects is not None and len(chosen) > budget.max_projects:
        too_many = ngettext(
            "Vous avez choisi %(chosen)d projets ; %(count)d au plus est permis.",
            "Vous avez choisi %(chosen)d projets ; %(count)d au plus sont permis.", budget.max_projects,
        )
        raise Invalid(too_many % {"chosen": len(chosen), "count": budget.max_projects}, field="projects")
    total = sum(costs.values())
    if total > budget.amount_tnd:
        raise Invalid(
            _("Votre choix coûte %(total)s TND, plus que le budget de %(budget)s TND. Retirez un projet.")
            % {"total": f"{total:,}".replace(",", " "), "budget": f"{budget.amount_tnd:,}".replace(",", " ")},
            field="projects",
        )
    return chosen


def online_voter_key(budget: Budget, user) -> str | None:
    """The register key of a signed-in person: their census entry, or their account when any account may vote."""
    if not user.is_authenticated:
        return None
    if budget.eligibility == Eligibility.ACCOUNT:
        return f"u:{user.pk}"
    entry_id = CensusEntry.objects.filter(budget=budget, user=user).values_list("pk", flat=True).first()
    return None if entry_id is None else f"c:{entry_id}"


def _store(budget: Budget, key: str, chosen: list[int], channel: str) -> Ballot:
    """Write the ballot for this voter key, its voter's row locked, then move the count (module docstring)."""
    link = secrecy.ballot_link(budget.pk, key)
    first = _enter_register(budget, key, channel)
    if not first:
        voter = Voter.objects.select_for_update().get(budget=budget, key=key)
        if voter.channel == Channel.PAPER or channel == Channel.PAPER:
            raise Conflict(_("Un bulletin a déjà été déposé pour ce votant ; un bulletin papier ne se change pas."))
    # A voter just entered in the register has no ballot yet (its link is theirs alone).
    ballot = None if first else Ballot.objects.filter(budget=budget, link=link).first()
    new = ballot is None
    if new:
        ballot = Ballot.objects.create(budget=budget, link=link, choices=chosen, channel=channel)
    else:
        ballot.choices = chosen
        ballot.save(update_fields=["choices", "updated_at"])
    with connection.cursor() as cursor:
        cursor.execute(_COUNT, [1 if new else 0, budget.pk, CountState.QUEUED, CountState.DONE])
        counted = cursor.fetchone()
    if counted is None:
        raise NotAllowed(_("Le dépouillement est demandé : le vote est clos."))
    budget.ballot_count = counted[0]  # exact: the row stays locked until this ballot commits
    return ballot


_COUNT = ("UPDATE budgeting_budget SET ballot_count = ballot_count + %s "
          "WHERE id = %s AND count_state NOT IN (%s, %s) RETURNING ballot_count")
"""The count moves, unless the count was asked meanwhile, and is read back in the same statement."""
_ENTER = ("INSERT INTO budgeting_voter (budget_id, key, channel) VALUES (%s, %s, %s) "
          "ON CONFLICT (budget_id, key) DO NOTHING RETURNING id")


def _enter_register(budget: Budget, key: str, channel: str) -> bool:
    """Put the voter key in the register; True if it was not there. One statement, where get_or_create takes four
    (a read, a savepoint, the insert, its release) on the busiest write of a vote; the unique constraint decides
    between two requests of one voter, the loser then locks the row the winner wrote."""
    with connection.cursor() as cursor:
        cursor.execute(_ENTER, [budget.pk, key, channel])
        return cursor.fetchone() is not None


@transaction.atomic
def cast_ballot(budget: Budget, user, project_ids) -> Ballot:
    """Vote, or change one's ballot, while the vote is open. Checked in full before anything is written."""
    require(r.can_vote, user, budget, _("Le vote n'est pas ouvert, ou vous n'êtes pas connecté."))
    chosen = validate_choices(budget, project_ids)
    key = online_voter_key(budget, user)
    if key is None:
        raise NotAllowed(_("Confirmez d'abord que vous êtes sur la liste des habitants."))
    return _store(budget, key, chosen, Channel.ONLINE)


def my_ballot(budget: Budget, user) -> Ballot | None:
    """The person's own ballot, found through the keyed link (only the server can compute it)."""
    return ballot_of(budget, online_voter_key(budget, user))


def ballot_of(budget: Budget, key: str | None) -> Ballot | None:
    """The ballot of a register key (from online_voter_key), for a page that needs the key too."""
    if key is None:
        return None
    return Ballot.objects.filter(budget=budget, link=secrecy.ballot_link(budget.pk, key)).first()


def enter_paper_ballot(budget: Budget, officer, project_ids, *, code: str = "", identifier: str = "") -> Ballot:
    """An officer types a paper ballot with the voter's one-time code or census identifier, until the count; too
    many unknown or used ones pause the officer's entry (lockouts.py), as guesses at the census list do online."""
    return guarded_paper_entry(budget, officer, lambda: _enter_paper_ballot(
        budget, officer, project_ids, code=code, identifier=identifier))


@transaction.atomic
def _enter_paper_ballot(budget: Budget, officer, project_ids, *, code: str, identifier: str) -> Ballot:
    require(r.can_enter_paper_ballot, officer, budget,
             _("Seul le personnel de la municipalité peut saisir des bulletins papier."))
    if not r.paper_ballots_open(budget):
        raise NotAllowed(_("Les bulletins papier se saisissent pendant le vote et jusqu'au dépouillement."))
    if bool(code) == bool(identifier):
        raise Invalid(_("Indiquez soit le code de vote, soit l'identifiant de l'habitant."))
    chosen = validate_choices(budget, project_ids)
    if code:
        voting_code = VotingCode.objects.select_for_update().filter(
            budget=budget, digest=secrecy.code_digest(budget.census_salt, code)
        ).first()
        if voting_code is None:
            raise Invalid(_("Ce code de vote n'existe pas pour ce budget."), field="code")
        if voting_code.is_used:
            raise Conflict(_("Ce code de vote a déjà servi."), field="code")
        VotingCode.objects.filter(pk=voting_code.pk).update(is_used=True)
        key = f"k:{voting_code.pk}"
    else:
        entry = CensusEntry.objects.select_for_update().filter(
            budget=budget, digest=secrecy.census_digest(budget.census_salt, identifier)
        ).first()
        if entry is None:
            raise Invalid(_("Cet identifiant n'est pas sur la liste des habitants."), field="identifier")
        key = f"c:{entry.pk}"
    ballot = _store(budget, key, chosen, Channel.PAPER)
    # Which code or census entry the officer used, never the choice: the register, not the ballot.
    audit.record("budgeting.paper_ballot", officer, municipality=budget.process.municipality, target=budget,
                 voter=key)
    return ballot


@transaction.atomic
def request_count(budget: Budget, user) -> None:
    """Queue the count once the vote has closed; the task runs madina.pb and publishes the results."""
    budget = locked(budget)
    require(r.can_count, user, budget, _("Le dépouillement est possible une fois le vote clos, par la municipalité."))
    if budget.count_state in (CountState.QUEUED, CountState.DONE):
        raise Conflict(_("Le dépouillement est déjà fait ou en cours."))
    Budget.objects.filter(pk=budget.pk).update(count_state=CountState.QUEUED)
    audit.record("budgeting.count_requested", user, municipality=budget.process.municipality, target=budget,
                 ballots=budget.ballot_count)
    transaction.on_commit(lambda: count_budget.enqueue(budget.pk))
