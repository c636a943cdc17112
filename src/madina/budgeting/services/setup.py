"""Setting up a budget: its rules and the projects put to the vote, until the first ballot; and keeping the
process's vote phase under its ballots."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core.errors import Conflict, Invalid
from madina.core.permissions import require
from madina.participation.models import Process, Proposal
from madina.participation.phases import PhaseKind
from madina.participation.services import PhaseChange
from madina.projects.models import Project

from .. import queries
from .. import rules as r
from ..models import Budget, BudgetProject, CensusCheck, Eligibility
from .base import has_ballots, locked


def _check_settings(amount_tnd: int, min_projects: int, max_projects: int | None, census_check: str) -> None:
    if census_check not in CensusCheck.values:
        raise Invalid(_("Choisissez la date de naissance ou le code postal."), field="census_check")
    if amount_tnd is None or amount_tnd <= 0:
        raise Invalid(_("Le montant du budget doit être positif."), field="amount_tnd")
    if max_projects is not None and max_projects < min_projects:
        raise Invalid(_("Le nombre maximum de projets doit être au moins égal au minimum."), field="max_projects")


@transaction.atomic
def create_budget(process: Process, user, *, title: str, amount_tnd: int, min_projects: int = 1,
                  max_projects: int | None = None, rule: str = "mes-add1", eligibility: str = Eligibility.CENSUS,
                  census_check: str = CensusCheck.BIRTH_DATE, **translations) -> Budget:
    """`title` is the French title whatever language the page was read in; title_ar and title_en are optional.
    The ballots hang on the process's budget-vote phase, so the process needs one."""
    budget = Budget(process=process, title_fr=title, amount_tnd=amount_tnd, min_projects=min_projects,
                    max_projects=max_projects, rule=rule, eligibility=eligibility, census_check=census_check,
                    **translations)
    require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut créer son budget."))
    Process.objects.select_for_update().filter(pk=process.pk).first()
    if Budget.objects.filter(process=process).exists():
        raise Conflict(_("Cette concertation a déjà un budget."))
    if queries.vote_phase(process) is None:
        raise Invalid(_("Ajoutez d'abord une phase « vote du budget » à la concertation."))
    _check_settings(amount_tnd, min_projects, max_projects, census_check)
    budget.save()
    return budget


@transaction.atomic
def edit_budget(budget: Budget, user, *, title: str, amount_tnd: int, min_projects: int = 1,
                max_projects: int | None = None, rule: str = "mes-add1", eligibility: str = Eligibility.CENSUS,
                census_check: str = CensusCheck.BIRTH_DATE, **translations) -> Budget:
    """Until the first ballot only: a voter chose under the rules they read, which must not change under them."""
    row = locked(budget)
    require(r.can_manage, user, row, _("Seul le personnel de la municipalité peut modifier ce budget."))
    if has_ballots(row):
        raise Conflict(_("Des bulletins ont déjà été déposés : les règles du budget ne peuvent plus changer."))
    _check_settings(amount_tnd, min_projects, max_projects, census_check)
    if census_check != row.census_check and row.census.exclude(fact_digest="").exists():
        raise Conflict(_("La liste des habitants est déjà déposée avec cet élément : il ne peut plus changer."),
                       field="census_check")
    fields = {"title_fr": title, "amount_tnd": amount_tnd, "min_projects": min_projects,
              "max_projects": max_projects, "rule": rule, "eligibility": eligibility, "census_check": census_check,
              **translations}
    for name, value in fields.items():
        setattr(row, name, value)
        setattr(budget, name, value)
    row.save()
    return budget


def is_open_for_changes(budget: Budget) -> bool:
    """No ballot yet: the settings and the list of projects may still change."""
    return not has_ballots(budget)


def _next_position(budget: Budget) -> int:
    last = budget.projects.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _check_projects_editable(budget: Budget, user) -> None:
    require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut modifier ce budget."))
    if has_ballots(budget):
        raise Conflict(_("Des bulletins ont déjà été déposés : la liste des projets ne peut plus changer."))


@transaction.atomic
def add_catalogue_project(budget: Budget, user, project: Project, *, cost_tnd: int | None = None) -> BudgetProject:
    """A catalogue project of the same municipality; its cost is the catalogue's estimate unless one is given."""
    budget = locked(budget)
    _check_projects_editable(budget, user)
    if project.municipality_id != budget.process.municipality_id:
        raise Invalid(_("Ce projet n'est pas dans la municipalité du budget."), field="project")
    if cost_tnd is None:
        if project.estimated_cost_tnd is None:
            raise Invalid(_("Ce projet n'a pas de coût estimé : indiquez son coût."), field="cost_tnd")
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
    budget = locked(budget)
    _check_projects_editable(budget, user)
    if proposal.process_id != budget.process_id or proposal.is_hidden or proposal.is_withdrawn:
        raise Invalid(_("Cette proposition ne peut pas être soumise au vote de ce budget."), field="proposal")
    return BudgetProject.objects.create(
        budget=budget, proposal=proposal, cost_tnd=cost_tnd, position=_next_position(budget), title=proposal.title,
    )


@transaction.atomic
def remove_project(budget_project: BudgetProject, user) -> None:
    budget = locked(budget_project.budget)
    _check_projects_editable(budget, user)
    budget_project.delete()


def _minute(moment):
    """Phase times as the phase form gives them back: to the minute."""
    return moment.replace(second=0, microsecond=0)


def keep_vote_phase(phase, change: PhaseChange | None) -> None:
    """Participation asks before it changes or deletes a phase (services.PHASE_GUARDS): once a budget has
    ballots, its vote phase stays, with its kind and its opening; its close may move later, never earlier nor into
    the past. Once the count is asked for, the phase stays as it is. Times compare to the minute, the form's own
    precision, so saving the phase unchanged is never refused."""
    if phase.kind != PhaseKind.BUDGET_VOTE:
        return
    budget = Budget.objects.select_for_update().filter(process_id=phase.process_id).first()
    if budget is None or not (budget.ballot_count or budget.count_state):
        return
    if change is None:
        raise Conflict(_("Cette phase porte un vote qui a déjà reçu des bulletins : elle ne peut plus être retirée."))
    starts, ends = _minute(phase.starts_at), _minute(phase.ends_at)
    moved = (_minute(change.starts_at), _minute(change.ends_at)) != (starts, ends)
    if budget.count_state and (moved or change.kind != phase.kind):
        raise Conflict(_("Le dépouillement de ce vote est demandé : ses dates ne changent plus."))
    if change.kind != phase.kind:
        raise Conflict(_("Ce vote a déjà reçu des bulletins : la phase reste un vote du budget."), field="kind")
    if _minute(change.starts_at) != starts:
        raise Conflict(_("Ce vote a déjà reçu des bulletins : son ouverture ne change plus."), field="starts_at")
    new_end = _minute(change.ends_at)
    if new_end != ends and (new_end < ends or change.ends_at <= timezone.now()):
        raise Conflict(
            _("Ce vote a déjà reçu des bulletins : sa clôture peut être repoussée, jamais avancée ni mise dans le "
              "passé."),
            field="ends_at",
        )
