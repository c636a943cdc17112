"""Pages of participatory budgeting. The ballot is a plain form (the server checks every rule); a small script
only shows the running total as boxes are ticked. Staff pages: census list, voting codes, paper ballots, count."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from madina.core import ratelimit
from madina.core.errors import Invalid, ServiceError
from madina.core.pages import REFUSED, act, act_on, submit
from madina.core.text import whole_number
from madina.participation import queries as participation_queries
from madina.participation import rules as participation_rules
from madina.participation.models import Process

from . import limits, queries, services
from . import rules as r
from .charts import result_charts
from .election import build_election, explain, pabulib_text
from .forms import (
    BudgetForm,
    CatalogueProjectForm,
    CensusForm,
    CodesForm,
    IdentifierForm,
    PaperBallotForm,
    ProposalProjectForm,
)
from .models import Budget, BudgetProject, CountState, Eligibility


def _staff_budget(request, pk) -> Budget:
    budget = queries.budget_for_staff(pk)
    if not r.can_manage.test(request.user, budget):
        raise PermissionDenied
    return budget


def budget_list(request):
    return render(request, "budgeting/budget_list.html", {"budgets": queries.budgets()})


def process_budget(request, slug):
    """The way in from a process: its budget, wherever it is numbered."""
    process = get_object_or_404(Process, slug=slug, is_published=True)
    budget = get_object_or_404(Budget, process=process)
    return redirect(budget)


def _ballot_context(request, budget: Budget, *, chosen=None, error: str = "") -> dict:
    user = request.user
    projects = queries.projects(budget)
    key = services.online_voter_key(budget, user)
    ballot = services.ballot_of(budget, key)
    if chosen is None:
        chosen = set(ballot.choices) if ballot else set()
    costs = {p.pk: p.cost_tnd for p in projects}
    needs_census = user.is_authenticated and budget.eligibility == Eligibility.CENSUS and key is None
    return {
        "budget": budget,
        "process": budget.process,
        "projects": projects,
        "chosen": chosen,
        "total": sum(costs.get(pid, 0) for pid in chosen),
        "ballot": ballot,
        "error": error,
        "vote_open": r.vote_is_open(budget),
        "vote_closed": r.vote_has_closed(budget),
        "vote_phase": queries.vote_phase(budget.process),
        "can_vote": r.can_vote.test(user, budget) and not needs_census,
        "needs_census": needs_census,
        "identifier_form": IdentifierForm(budget=budget),
        "can_manage": r.can_manage.test(user, budget),
    }


def budget_detail(request, pk):
    budget = queries.budget(pk)
    return render(request, "budgeting/budget_detail.html", _ballot_context(request, budget))


@login_required
@require_POST
def vote(request, pk):
    budget = queries.budget_to_vote(pk)
    selected = request.POST.getlist("projects")
    try:
        had_ballot = services.my_ballot(budget, request.user) is not None
        services.cast_ballot(budget, request.user, selected)
    except Invalid as error:
        chosen = {n for s in selected if (n := whole_number(s)) is not None}
        context = _ballot_context(request, queries.budget(pk), chosen=chosen, error=error.message)
        return render(request, "budgeting/budget_detail.html", context, status=400)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(budget)
    if had_ballot:
        messages.success(request, _("Votre bulletin a été modifié. Vous pouvez encore le changer jusqu'à la clôture."))
    else:
        messages.success(request, _("Votre vote est enregistré. Vous pouvez le changer jusqu'à la clôture."))
    return redirect(budget)


@login_required
@require_POST
def claim(request, pk):
    budget = queries.budget(pk)
    form = IdentifierForm(request.POST, budget=budget)
    act_on(request, form,
           lambda data: services.claim_census_entry(budget, request.user, *form.claim(),
                                                    address=ratelimit.visitor(request)),
           _("Vous êtes bien sur la liste des habitants : vous pouvez voter."), _("Indiquez votre numéro d'identité."))
    return redirect(budget)


def results(request, pk):
    budget = queries.budget(pk)
    if not budget.is_counted:
        return render(request, "budgeting/results_pending.html", {"budget": budget})
    projects = queries.projects(budget)
    steps, not_chosen = explain(budget.outcome, projects)
    details = budget.outcome.get("details", {})
    return render(request, "budgeting/results.html", {
        "budget": budget,
        "process": budget.process,
        "outcome": budget.outcome,
        "steps": steps,
        "not_chosen": not_chosen,
        "spent": round(budget.outcome["cost"]),
        "share": details.get("budget_per_voter"),
        "first_share": budget.amount_tnd / budget.ballot_count if budget.ballot_count else None,
        "voters": budget.ballot_count,
        "ties": _ties(budget.outcome, projects),
        "is_mes": budget.outcome["rule"].startswith("mes"),
        "is_greedy": budget.outcome["rule"].startswith("greedy"),
        "charts": result_charts(budget, projects, budget.outcome["selected"]),
    })


def _ties(outcome: dict, projects) -> list[dict]:
    titles = {str(p.pk): p.title for p in projects}
    return [{"candidates": [titles[c] for c in tie["candidates"]], "chosen": titles[tie["chosen"]]}
            for tie in outcome.get("ties", [])]


def results_pabulib(request, pk):
    """The anonymised election: projects, costs, votes and ballots under shuffled numbers, no dates."""
    budget = queries.budget(pk)
    if not budget.is_counted:
        raise Http404
    text = pabulib_text(build_election(budget, queries.projects(budget), with_results=True))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="madina_{budget.process.slug}.pb"'
    return response


# Staff ----------------------------------------------------------------------------------------------------------


@login_required
def manage(request, pk):
    budget = _staff_budget(request, pk)
    return render(request, "budgeting/manage.html", {
        "budget": budget,
        "process": budget.process,
        "projects": queries.projects(budget),
        "census_form": CensusForm(budget=budget),
        "codes_form": CodesForm(),
        "paper_form": PaperBallotForm(),
        "vote_open": r.vote_is_open(budget),
        "can_count": r.can_count.test(request.user, budget) and budget.count_state in ("", CountState.FAILED),
        "paper_open": r.paper_ballots_open(budget),
        "open_for_changes": services.is_open_for_changes(budget),
        "lockouts": queries.lockouts(budget),
        "paused_minutes": limits.minutes(limits.pause_left(budget)),
    })


# Setting up a budget: settings and projects, until the first ballot ----------------------------------------------


@login_required
def setup(request, slug):
    """The way in from the process's management page: create its budget, or go to the one it has."""
    process = participation_queries.process_for_staff(slug)
    if not participation_rules.can_manage_process.test(request.user, process):
        raise PermissionDenied
    existing = Budget.objects.filter(process=process).first()
    if existing is not None:
        return redirect("budgeting:manage", pk=existing.pk)
    if queries.vote_phase(process) is None:
        messages.error(request, _("Ajoutez d'abord une phase « vote du budget » à la concertation."))
        return redirect("participation:process_manage", slug=process.slug)
    form = BudgetForm(request.POST or None)
    budget = submit(request, form, lambda data: services.create_budget(process, request.user, **form.budget_fields()),
                    _("Le budget est créé : ajoutez maintenant les projets soumis au vote."))
    if budget is not REFUSED:
        return redirect("budgeting:projects", pk=budget.pk)
    return render(request, "budgeting/budget_form.html", {"form": form, "process": process, "creating": True})


@login_required
def edit(request, pk):
    budget = _staff_budget(request, pk)
    open_for_changes = services.is_open_for_changes(budget)
    initial = {
        "title_fr": budget.title_fr, "title_ar": budget.title_ar or "", "title_en": budget.title_en or "",
        "amount_tnd": budget.amount_tnd, "min_projects": budget.min_projects, "max_projects": budget.max_projects,
        "rule": budget.rule, "eligibility": budget.eligibility, "census_check": budget.census_check,
    }
    form = BudgetForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda data: services.edit_budget(budget, request.user, **form.budget_fields()),
                   _("Les règles du budget sont enregistrées."))
    if saved is not REFUSED:
        return redirect("budgeting:manage", pk=budget.pk)
    return render(request, "budgeting/budget_form.html", {
        "form": form, "budget": budget, "process": budget.process, "creating": False,
        "open_for_changes": open_for_changes,
    })


def _projects_page(request, budget, *, catalogue_form=None, proposal_form=None, status=200):
    process = budget.process
    return render(request, "budgeting/projects.html", {
        "budget": budget,
        "process": process,
        "projects": queries.projects(budget),
        "open_for_changes": services.is_open_for_changes(budget),
        "catalogue_form": catalogue_form or CatalogueProjectForm(budget=budget),
        "proposal_form": proposal_form or ProposalProjectForm(budget=budget),
    }, status=status)


@login_required
def projects(request, pk):
    return _projects_page(request, _staff_budget(request, pk))


def _add_to_ballot(request, pk, form_class, add, done: str, page_form: str):
    """On an error the page comes back with the choice and the cost as typed, the error next to its field."""
    budget = _staff_budget(request, pk)
    form = form_class(request.POST, budget=budget)
    if submit(request, form, lambda data: add(budget, request.user, **data), done) is not REFUSED:
        return redirect("budgeting:projects", pk=budget.pk)
    return _projects_page(request, budget, status=400, **{page_form: form})


@login_required
@require_POST
def add_catalogue_project(request, pk):
    return _add_to_ballot(request, pk, CatalogueProjectForm, services.add_catalogue_project,
                          _("Le projet est ajouté au bulletin."), "catalogue_form")


@login_required
@require_POST
def add_proposal_project(request, pk):
    return _add_to_ballot(request, pk, ProposalProjectForm, services.add_proposal,
                          _("La proposition est ajoutée au bulletin."), "proposal_form")


@login_required
@require_POST
def remove_project(request, pk, project_pk):
    budget = _staff_budget(request, pk)
    budget_project = get_object_or_404(BudgetProject, pk=project_pk, budget=budget)
    budget_project.budget = budget
    act(request, lambda: services.remove_project(budget_project, request.user), _("Le projet est retiré du bulletin."))
    return redirect("budgeting:projects", pk=budget.pk)


@login_required
@require_POST
def census_upload(request, pk):
    budget = _staff_budget(request, pk)
    report = act_on(request, CensusForm(request.POST, request.FILES, budget=budget),
                    lambda data: services.upload_census(budget, request.user, data["file"].read()),
                    None, _("Choisissez un fichier CSV."))
    if report is not REFUSED:
        messages.success(request, ngettext(
            "%(added)d habitant ajouté à la liste (%(known)d déjà inscrits).",
            "%(added)d habitants ajoutés à la liste (%(known)d déjà inscrits).", report.added,
        ) % {"added": report.added, "known": report.already_listed})
    return redirect("budgeting:manage", pk=budget.pk)


@login_required
@require_POST
def codes(request, pk):
    """The codes are shown on this printable page once; only their hashes are kept."""
    budget = _staff_budget(request, pk)
    new_codes = act_on(request, CodesForm(request.POST),
                       lambda data: services.generate_codes(budget, request.user, data["how_many"]),
                       None, _("Indiquez un nombre de codes entre 1 et 2000."))
    if new_codes is REFUSED:
        return redirect("budgeting:manage", pk=budget.pk)
    response = render(request, "budgeting/codes.html", {"budget": budget, "codes": new_codes})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def paper_ballot(request, pk):
    budget = _staff_budget(request, pk)
    form = PaperBallotForm(request.POST)
    form.is_valid()
    act(request, lambda: services.enter_paper_ballot(
        budget, request.user, request.POST.getlist("projects"),
        code=form.cleaned_data.get("code", ""), identifier=form.cleaned_data.get("identifier", ""),
    ), _("Bulletin papier enregistré."))
    return redirect("budgeting:manage", pk=budget.pk)


@login_required
@require_POST
def unlock(request, pk, user_pk):
    """Lift one resident's lockout of census checks (or, `?officer=1`, one officer's paused paper entry)."""
    budget = _staff_budget(request, pk)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    act(request, lambda: services.unlock(budget, request.user, person, officer=request.POST.get("officer") == "1"),
        _("Blocage levé."))
    return redirect("budgeting:manage", pk=budget.pk)


@login_required
@require_POST
def resume_checks(request, pk):
    budget = _staff_budget(request, pk)
    act(request, lambda: services.resume_checks(budget, request.user), _("Les vérifications ont repris."))
    return redirect("budgeting:manage", pk=budget.pk)


@login_required
@require_POST
def request_count(request, pk):
    budget = _staff_budget(request, pk)
    started = act(request, lambda: services.request_count(budget, request.user),
                  _("Le dépouillement est lancé ; les résultats seront publiés dès qu'il sera fini."))
    return redirect("budgeting:manage" if started is REFUSED else "budgeting:results", pk=budget.pk)
