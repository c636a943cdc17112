"""Writes of participatory budgeting: one function per use case, each in one transaction.

Every ballot write locks the budget row first (select_for_update), so concurrent ballots queue there: the stored
`ballot_count` stays exact and the register (`Voter`, unique per budget and voter key) never holds a voter twice.
Services check permissions themselves, so the pages and the API cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.participation.models import NotificationKind, Process, ProcessFollow, Proposal
from madina.participation.notifications import notify
from madina.participation.phases import PhaseKind
from madina.projects.models import Project

from . import rules as r
from . import secrecy
from .election import build_election, run
from .errors import InvalidBallot, InvalidInput, NotAllowed
from .models import (
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

CENSUS_MAX_BYTES = 5 * 1024 * 1024
CODES_PER_BATCH_MAX = 2000


def _require(predicate, user, obj, message) -> None:
    if not predicate.test(user, obj):
        raise NotAllowed(message)


def _locked(budget: Budget) -> Budget:
    """The budget row, locked until the transaction ends; its phases come along for the rules."""
    locked = Budget.objects.select_for_update(of=("self",)).get(pk=budget.pk)
    locked.process = budget.process
    return locked


def _has_ballots(budget: Budget) -> bool:
    return Ballot.objects.filter(budget=budget).exists()


# Setting up a budget --------------------------------------------------------------------------------------------


def _check_settings(amount_tnd: int, min_projects: int, max_projects: int | None) -> None:
    if amount_tnd is None or amount_tnd <= 0:
        raise InvalidInput(_("Le montant du budget doit être positif."))
    if max_projects is not None and max_projects < min_projects:
        raise InvalidInput(_("Le nombre maximum de projets doit être au moins égal au minimum."))


@transaction.atomic
def create_budget(process: Process, user, *, title: str, amount_tnd: int, min_projects: int = 1,
                  max_projects: int | None = None, rule: str = "mes-add1", eligibility: str = Eligibility.CENSUS,
                  **translations) -> Budget:
    """`title` is the French title whatever language the page was read in; title_ar and title_en are optional.
    The ballots hang on the process's budget-vote phase, so the process needs one."""
    budget = Budget(process=process, title_fr=title, amount_tnd=amount_tnd, min_projects=min_projects,
                    max_projects=max_projects, rule=rule, eligibility=eligibility, **translations)
    _require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut créer son budget."))
    Process.objects.select_for_update().filter(pk=process.pk).first()
    if Budget.objects.filter(process=process).exists():
        raise InvalidInput(_("Cette concertation a déjà un budget."))
    if not process.phases.filter(kind=PhaseKind.BUDGET_VOTE).exists():
        raise InvalidInput(_("Ajoutez d'abord une phase « vote du budget » à la concertation."))
    _check_settings(amount_tnd, min_projects, max_projects)
    budget.save()
    return budget


@transaction.atomic
def edit_budget(budget: Budget, user, *, title: str, amount_tnd: int, min_projects: int = 1,
                max_projects: int | None = None, rule: str = "mes-add1", eligibility: str = Eligibility.CENSUS,
                **translations) -> Budget:
    """Until the first ballot only: a voter chose under the rules they read, which must not change under them."""
    locked = _locked(budget)
    _require(r.can_manage, user, locked, _("Seul le personnel de la municipalité peut modifier ce budget."))
    if _has_ballots(locked):
        raise NotAllowed(_("Des bulletins ont déjà été déposés : les règles du budget ne peuvent plus changer."))
    _check_settings(amount_tnd, min_projects, max_projects)
    fields = {"title_fr": title, "amount_tnd": amount_tnd, "min_projects": min_projects,
              "max_projects": max_projects, "rule": rule, "eligibility": eligibility, **translations}
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(budget, name, value)
    locked.save()
    return budget


def is_open_for_changes(budget: Budget) -> bool:
    """No ballot yet: the settings and the list of projects may still change."""
    return not _has_ballots(budget)


def _next_position(budget: Budget) -> int:
    last = budget.projects.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _check_projects_editable(budget: Budget, user) -> None:
    _require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut modifier ce budget."))
    if _has_ballots(budget):
        raise NotAllowed(_("Des bulletins ont déjà été déposés : la liste des projets ne peut plus changer."))


@transaction.atomic
def add_catalogue_project(budget: Budget, user, project: Project, *, cost_tnd: int | None = None) -> BudgetProject:
    """A catalogue project of the same municipality; its cost is the catalogue's estimate unless one is given."""
    budget = _locked(budget)
    _check_projects_editable(budget, user)
    if project.municipality_id != budget.process.municipality_id:
        raise InvalidInput(_("Ce projet n'est pas dans la municipalité du budget."))
    if cost_tnd is None:
        if project.estimated_cost_tnd is None:
            raise InvalidInput(_("Ce projet n'a pas de coût estimé : indiquez son coût."))
        cost_tnd = int(project.estimated_cost_tnd.to_integral_value())
    return BudgetProject.objects.create(
        budget=budget, project=project, cost_tnd=cost_tnd, position=_next_position(budget),
        title_fr=project.title_fr or project.title, title_ar=project.title_ar, title_en=project.title_en,
        summary_fr=project.summary_fr or project.summary, summary_ar=project.summary_ar,
        summary_en=project.summary_en,
    )


@transaction.atomic
def add_proposal(budget: Budget, user, proposal: Proposal, *, cost_tnd: int) -> BudgetProject:
    """A citizen proposal of this process, costed by the municipality."""
    budget = _locked(budget)
    _check_projects_editable(budget, user)
    if proposal.process_id != budget.process_id or proposal.is_hidden or proposal.is_withdrawn:
        raise InvalidInput(_("Cette proposition ne peut pas être soumise au vote de ce budget."))
    return BudgetProject.objects.create(
        budget=budget, proposal=proposal, cost_tnd=cost_tnd, position=_next_position(budget), title=proposal.title,
    )


@transaction.atomic
def remove_project(budget_project: BudgetProject, user) -> None:
    budget = _locked(budget_project.budget)
    _check_projects_editable(budget, user)
    budget_project.delete()


# Eligibility: census list and voting codes ----------------------------------------------------------------------


@dataclass
class CensusReport:
    added: int = 0
    already_listed: int = 0
    rejected_lines: list[int] = field(default_factory=list)


def _census_identifiers(data: bytes):
    """(line number, identifier) for each row of a CSV whose first column holds identifiers; a header is allowed."""
    if not data.strip():
        raise InvalidInput(_("Le fichier est vide."))
    if len(data) > CENSUS_MAX_BYTES:
        raise InvalidInput(_("Le fichier dépasse 5 Mo ; découpez la liste en plusieurs fichiers."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("Le fichier n'est pas un texte UTF-8 (CSV).")) from None
    if "\x00" in text:
        raise InvalidInput(_("Le fichier n'est pas un texte UTF-8 (CSV)."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


@transaction.atomic
def upload_census(budget: Budget, user, data: bytes) -> CensusReport:
    """Add the identifiers of a CSV file (first column: CIN numbers or other identifiers) to the census list.

    Only keyed hashes are stored. A first line that is not an identifier is taken for a header; any other line
    that is not one is reported by its number and nothing of it is stored.
    """
    budget = _locked(budget)
    _require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut déposer la liste."))
    report = CensusReport()
    digests: dict[str, int] = {}
    for line, row in enumerate(_census_identifiers(data), start=1):
        cell = secrecy.normalise_identifier(row[0]) if row else ""
        if not cell and not any(c.strip() for c in row):
            continue
        if not secrecy.IDENTIFIER.match(cell):
            if line > 1:
                report.rejected_lines.append(line)
            continue
        digest = secrecy.census_digest(budget.census_salt, cell)
        if digest in digests:
            report.already_listed += 1
        else:
            digests[digest] = line
    existing = set(CensusEntry.objects.filter(budget=budget, digest__in=digests).values_list("digest", flat=True))
    new = [d for d in digests if d not in existing]
    report.already_listed += len(existing)
    if report.rejected_lines:
        raise InvalidInput(
            ngettext(
                "Ligne %(lines)s : ce n'est pas un identifiant (4 à 20 lettres ou chiffres, dont au moins un chiffre). Rien n'a été enregistré.",
                "Lignes %(lines)s : ce ne sont pas des identifiants (4 à 20 lettres ou chiffres, dont au moins un chiffre). Rien n'a été enregistré.",
                len(report.rejected_lines),
            ) % {"lines": ", ".join(str(n) for n in report.rejected_lines[:20])}
        )
    if not digests:
        raise InvalidInput(_("Aucun identifiant dans ce fichier."))
    CensusEntry.objects.bulk_create(CensusEntry(budget=budget, digest=d) for d in new)
    Budget.objects.filter(pk=budget.pk).update(census_size=F("census_size") + len(new))
    report.added = len(new)
    return report


@transaction.atomic
def claim_census_entry(budget: Budget, user, identifier: str) -> CensusEntry:
    """A signed-in resident proves they are on the list by typing their identifier; it binds them to it once."""
    if not user.is_authenticated:
        raise NotAllowed(_("Connectez-vous pour voter."))
    budget = _locked(budget)
    mine = CensusEntry.objects.filter(budget=budget, user=user).first()
    if mine is not None:
        return mine
    digest = secrecy.census_digest(budget.census_salt, identifier)
    entry = CensusEntry.objects.select_for_update().filter(budget=budget, digest=digest).first()
    if entry is None:
        raise InvalidInput(_("Cet identifiant n'est pas sur la liste des habitants. Vérifiez-le ou adressez-vous "
                             "à la municipalité."))
    if entry.user_id is not None:
        raise NotAllowed(_("Cet identifiant est déjà utilisé par un autre compte. Adressez-vous à la municipalité."))
    if Voter.objects.filter(budget=budget, key=f"c:{entry.pk}").exists():
        raise NotAllowed(_("Un bulletin papier a déjà été déposé avec cet identifiant."))
    entry.user = user
    entry.save(update_fields=["user"])
    return entry


@transaction.atomic
def generate_codes(budget: Budget, user, how_many: int) -> list[str]:
    """A batch of one-time codes, returned in clear once (for printing) and stored only as keyed hashes."""
    budget = _locked(budget)
    _require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut émettre des codes."))
    if not 1 <= how_many <= CODES_PER_BATCH_MAX:
        raise InvalidInput(_("Entre 1 et %(max)d codes par lot.") % {"max": CODES_PER_BATCH_MAX})
    batch = budget.code_batches + 1
    codes: dict[str, str] = {}
    while len(codes) < how_many:
        code = secrecy.new_code()
        codes[secrecy.code_digest(budget.census_salt, code)] = code
    VotingCode.objects.bulk_create(VotingCode(budget=budget, digest=d, batch=batch) for d in codes)
    Budget.objects.filter(pk=budget.pk).update(code_count=F("code_count") + how_many, code_batches=batch)
    return list(codes.values())


# Ballots --------------------------------------------------------------------------------------------------------


def validate_choices(budget: Budget, project_ids) -> list[int]:
    """The chosen projects as sorted ids, or InvalidBallot saying what is wrong. Nothing is stored here."""
    try:
        chosen = sorted({int(pid) for pid in project_ids})
    except (TypeError, ValueError):
        raise InvalidBallot(_("Un des projets choisis n'existe pas dans ce budget.")) from None
    costs = dict(BudgetProject.objects.filter(budget=budget, pk__in=chosen).values_list("pk", "cost_tnd"))
    if len(costs) != len(chosen):
        raise InvalidBallot(_("Un des projets choisis n'existe pas dans ce budget."))
    if len(chosen) < budget.min_projects:
        raise InvalidBallot(ngettext(
            "Choisissez au moins %(count)d projet.", "Choisissez au moins %(count)d projets.", budget.min_projects,
        ) % {"count": budget.min_projects})
    if budget.max_projects is not None and len(chosen) > budget.max_projects:
        raise InvalidBallot(ngettext(
            "Vous avez choisi %(chosen)d projets ; %(count)d au plus est permis.",
            "Vous avez choisi %(chosen)d projets ; %(count)d au plus sont permis.", budget.max_projects,
        ) % {"chosen": len(chosen), "count": budget.max_projects})
    total = sum(costs.values())
    if total > budget.amount_tnd:
        raise InvalidBallot(
            _("Votre choix coûte %(total)s TND, plus que le budget de %(budget)s TND. Retirez un projet.")
            % {"total": f"{total:,}".replace(",", " "), "budget": f"{budget.amount_tnd:,}".replace(",", " ")}
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
    """Write the ballot for this voter key under the budget lock."""
    link = secrecy.ballot_link(budget.pk, key)
    voter, first = Voter.objects.get_or_create(budget=budget, key=key, defaults={"channel": channel})
    if not first and (voter.channel == Channel.PAPER or channel == Channel.PAPER):
        raise NotAllowed(_("Un bulletin a déjà été déposé pour ce votant ; un bulletin papier ne se change pas."))
    ballot = Ballot.objects.filter(budget=budget, link=link).first()
    if ballot is None:
        ballot = Ballot.objects.create(budget=budget, link=link, choices=chosen, channel=channel)
        Budget.objects.filter(pk=budget.pk).update(ballot_count=F("ballot_count") + 1)
        budget.ballot_count += 1
    else:
        ballot.choices = chosen
        ballot.save(update_fields=["choices", "updated_at"])
    return ballot


@transaction.atomic
def cast_ballot(budget: Budget, user, project_ids) -> Ballot:
    """Vote, or change one's ballot, while the vote is open. Checked in full before anything is written."""
    _require(r.can_vote, user, budget, _("Le vote n'est pas ouvert, ou vous n'êtes pas connecté."))
    chosen = validate_choices(budget, project_ids)
    budget = _locked(budget)
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


@transaction.atomic
def enter_paper_ballot(budget: Budget, officer, project_ids, *, code: str = "", identifier: str = "") -> Ballot:
    """An officer types a paper ballot with the voter's one-time code or census identifier, until the count."""
    _require(r.can_enter_paper_ballot, officer, budget,
             _("Seul le personnel de la municipalité peut saisir des bulletins papier."))
    if not r.paper_ballots_open(budget):
        raise NotAllowed(_("Les bulletins papier se saisissent pendant le vote et jusqu'au dépouillement."))
    if bool(code) == bool(identifier):
        raise InvalidInput(_("Indiquez soit le code de vote, soit l'identifiant de l'habitant."))
    chosen = validate_choices(budget, project_ids)
    budget = _locked(budget)
    if code:
        voting_code = VotingCode.objects.select_for_update().filter(
            budget=budget, digest=secrecy.code_digest(budget.census_salt, code)
        ).first()
        if voting_code is None:
            raise InvalidInput(_("Ce code de vote n'existe pas pour ce budget."))
        if voting_code.is_used:
            raise NotAllowed(_("Ce code de vote a déjà servi."))
        VotingCode.objects.filter(pk=voting_code.pk).update(is_used=True)
        key = f"k:{voting_code.pk}"
    else:
        entry = CensusEntry.objects.select_for_update().filter(
            budget=budget, digest=secrecy.census_digest(budget.census_salt, identifier)
        ).first()
        if entry is None:
            raise InvalidInput(_("Cet identifiant n'est pas sur la liste des habitants."))
        key = f"c:{entry.pk}"
    return _store(budget, key, chosen, Channel.PAPER)


# Count ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def request_count(budget: Budget, user) -> None:
    """Queue the count once the vote has closed; the task runs madina.pb and publishes the results."""
    from .tasks import count_budget

    budget = _locked(budget)
    _require(r.can_count, user, budget, _("Le dépouillement est possible une fois le vote clos, par la municipalité."))
    if budget.count_state in (CountState.QUEUED, CountState.DONE):
        raise InvalidInput(_("Le dépouillement est déjà fait ou en cours."))
    Budget.objects.filter(pk=budget.pk).update(count_state=CountState.QUEUED)
    transaction.on_commit(lambda: count_budget.enqueue(budget.pk))


def count(budget_id: int) -> dict:
    """Count the ballots with the budget's rule and publish: the outcome, per-project votes, the notifications.

    The counting itself runs outside any lock (it only reads final ballots); publishing is one transaction.
    """
    budget = Budget.objects.select_related("process__municipality").get(pk=budget_id)
    projects = list(budget.projects.all())
    election = build_election(budget, projects)
    try:
        outcome = run(election, budget.rule).as_dict()
    except Exception:
        Budget.objects.filter(pk=budget.pk).update(count_state=CountState.FAILED)
        raise
    votes = {p.id: int(p.fields["votes"]) for p in election.projects}
    selected = set(outcome["selected"])
    with transaction.atomic():
        Budget.objects.select_for_update().filter(pk=budget.pk).first()
        for project in projects:
            project.vote_count = votes[str(project.pk)]
            project.is_selected = str(project.pk) in selected
        BudgetProject.objects.bulk_update(projects, ["vote_count", "is_selected"])
        Budget.objects.filter(pk=budget.pk).update(
            outcome=outcome, count_state=CountState.DONE, counted_at=timezone.now()
        )
        notify_results(budget)
    return outcome


def notify_results(budget: Budget) -> int:
    """Tell the process's followers and the online voters that the results are out: a notification in the site
    and by e-mail, through participation's notifications (sent after commit)."""
    recipients = set(ProcessFollow.objects.filter(process=budget.process).values_list("user_id", flat=True))
    recipients |= set(
        CensusEntry.objects.filter(budget=budget, user__isnull=False,
                                   pk__in=_voter_ids(budget, "c:")).values_list("user_id", flat=True)
    )
    recipients |= set(_voter_ids(budget, "u:"))
    notify(sorted(recipients), NotificationKind.RESULTS, budget.process)
    return len(recipients)


def _voter_ids(budget: Budget, prefix: str) -> list[int]:
    keys = Voter.objects.filter(budget=budget, key__startswith=prefix).values_list("key", flat=True)
    return [int(k[len(prefix):]) for k in keys]


def budget_vote_phase_in_use(phase) -> str | None:
    """Participation asks before deleting a phase: the vote phase of a budget with ballots must stay."""
    if phase.kind != PhaseKind.BUDGET_VOTE:
        return None
    if Budget.objects.filter(process_id=phase.process_id, ballot_count__gt=0).exists():
        return _("Cette phase porte un vote qui a déjà reçu des bulletins : elle ne peut plus être retirée.")
    return None
