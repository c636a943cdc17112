"""The demo as a visitor finds it, for the tests and scripts that walk the whole site (tests/core/test_every_page.py,
docs/screenshots/make.py): `madina demo` once, an organiser to see the staff pages, and the public pages to visit.

The demo's budget is still before its vote when it loads; `count_demo_budget` lets three residents vote and counts,
so that the results page has something to show."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from madina import demo
from madina.accounts.models import Role, RoleAssignment, User
from madina.assessment.models import Assessment, Campaign
from madina.budgeting import counting, services
from madina.budgeting.demo import DEMO_BIRTH_DATE, DEMO_IDENTIFIERS
from madina.budgeting.models import Budget
from madina.caravan.models import Edition, PlanRun
from madina.core.permissions import OPERATOR
from madina.indicators.models import Indicator
from madina.participation import services as participation_services
from madina.participation.models import Process
from madina.participation.phases import PhaseKind
from madina.ppp.models import FOR_INVESTORS, Screening
from madina.projects.models import Project
from madina.surveys.models import Survey
from madina.territory.models import Perimeter

PASSWORD = "Madina-Demo-2020"


def seed_migrated_data() -> None:
    """A transactional test starts from flushed tables: what the migrations seed (sectors and criteria, the
    readiness and quality-of-life questionnaires, the U4SSC catalogue and the residents' satisfaction indicators)
    comes back first."""
    importlib.import_module("madina.projects.migrations.0002_default_sectors_and_criteria").seed(apps, None)
    importlib.import_module("madina.indicators.migrations.0002_u4ssc_catalogue").load(apps, None)
    importlib.import_module("madina.indicators.migrations.0003_perception_indicators").load(apps, None)
    for module in ("readiness", "quality_of_life"):
        importlib.import_module(f"madina.questionnaires.{module}").seed(apps, None)


def load() -> User:
    """The demo, and the organiser who sees every staff page (also a Django staff member, for the admin)."""
    seed_migrated_data()
    demo.load(verbosity=0)
    organiser = User.objects.create_user("organisatrice@example.tn", PASSWORD, is_staff=True)
    RoleAssignment.objects.create(user=organiser, role=Role.ORGANISER)
    return organiser


def public_pages() -> dict[str, str]:
    """Every kind of page a visitor can open, by name: one of each, from the demo."""
    process = Process.objects.get()
    proposal = process.proposals.order_by("pk").first()
    project = Project.objects.filter(municipality__slug="gabes").order_by("pk").first()
    budget = Budget.objects.get()
    edition = Edition.objects.get()
    perimeter = Perimeter.objects.order_by("pk").first()
    governorate = perimeter.municipality.governorate
    return {
        "home": "/",
        "processes": "/participer/",
        "process": process.get_absolute_url(),
        "proposal": proposal.get_absolute_url(),
        "proposal form": f"/participer/concertations/{process.slug}/proposer/",
        "budgets": "/budget/",
        "budget": f"/budget/{budget.pk}/",
        "budget of the process": f"/budget/concertation/{process.slug}/",
        "results": f"/budget/{budget.pk}/resultats/",
        "catalogue": "/projets/",
        "catalogue search": "/projets/?q=eau",
        "project": project.get_absolute_url(),
        "summary": "/projets/synthese/",
        "governorates": "/territoire/",
        "governorate": f"/territoire/gouvernorats/{governorate.slug}/",
        "municipalities": "/territoire/municipalites/?q=gab",
        "municipality": "/territoire/municipalites/gabes/",
        "perimeters": "/territoire/perimetres/",
        "perimeter": f"/territoire/perimetres/{perimeter.slug}/",
        "locate": "/territoire/localiser/",
        "search": "/recherche/?q=gabes",
        "search refused": "/recherche/?q=%25",
        "editions": "/caravane/",
        "edition": f"/caravane/{edition.slug}/",
        "programme": f"/caravane/{edition.slug}/programme/imprimer/",
        "stop": f"/caravane/{edition.slug}/etapes/19/",
        "sign in": "/comptes/login/",
        "sign up": "/comptes/signup/",
        "password reset": "/comptes/password/reset/",
        "privacy": "/confidentialite/",
        **measure_pages(),
        "API docs": "/api/v1/docs",
        "not found": "/nulle-part/",
    }


def staff_pages() -> dict[str, str]:
    """The pages the organiser works in, one of each kind."""
    process = Process.objects.get()
    project = Project.objects.filter(municipality__slug="gabes").order_by("pk").first()
    budget = Budget.objects.get()
    edition = Edition.objects.get()
    tour = edition.tours.order_by("order").first()
    perimeter = Perimeter.objects.order_by("pk").first()
    return {
        "profile": "/comptes/profil/",
        "audit log": "/comptes/journal/",
        "API tokens": "/comptes/jetons/",
        "erase": "/comptes/supprimer/",
        "avatar": "/comptes/profil/avatar/",
        "notifications": "/participer/notifications/",
        "organiser home": "/caravane/organiser/",
        "new edition": "/caravane/organiser/nouvelle/",
        "organiser edition": f"/caravane/organiser/{edition.slug}/",
        "edition rules": f"/caravane/organiser/{edition.slug}/regles/",
        "edition municipalities": f"/caravane/organiser/{edition.slug}/municipalites/",
        "organiser stop": f"/caravane/organiser/{edition.slug}/etapes/19/",
        "new tour": reverse("caravan:organiser_tour_add", kwargs={"slug": edition.slug}),
        "tour": reverse("caravan:organiser_tour", kwargs={"slug": edition.slug, "pk": tour.pk}),
        "new team": reverse("caravan:organiser_team_add", kwargs={"slug": edition.slug}),
        "team": reverse("caravan:organiser_team", kwargs={"slug": edition.slug, "pk": tour.teams.first().pk}),
        "plan": reverse("caravan:plan_run", kwargs={"slug": edition.slug,
                                                    "pk": PlanRun.objects.filter(edition=edition).latest("pk").pk}),
        "new project": "/projets/nouveau/",
        "ranking": "/projets/priorisation/",
        "workshops": "/projets/atelier/",
        "workshop": f"/projets/atelier/{edition.slug}/19/",
        "project edit": f"/projets/{project.pk}/modifier/",
        "project tracking": f"/projets/{project.pk}/suivi/",
        "project promoters": f"/projets/{project.pk}/promoteurs/",
        "project score": f"/projets/{project.pk}/evaluer/",
        "project picture": f"/projets/{project.pk}/image/",
        "new process": "/participer/nouvelle-concertation/",
        "process management": f"/participer/concertations/{process.slug}/gestion/",
        "process edit": f"/participer/concertations/{process.slug}/gestion/modifier/",
        "process picture": f"/participer/concertations/{process.slug}/gestion/image/",
        "moderation": "/participer/moderation/",
        "budget management": f"/budget/{budget.pk}/gestion/",
        "budget rules": f"/budget/{budget.pk}/gestion/regles/",
        "budget projects": f"/budget/{budget.pk}/gestion/projets/",
        "new perimeter": "/territoire/municipalites/gabes/nouveau-perimetre/",
        "municipality picture": "/territoire/municipalites/gabes/image/",
        "perimeter edit": f"/territoire/perimetres/{perimeter.slug}/modifier/",
        **measure_staff_pages(project),
    }


def measure_pages() -> dict[str, str]:
    """What a visitor reads of the indicators, the readiness assessment, the surveys and the PPP catalogue."""
    indicator = Indicator.objects.filter(values__isnull=False).order_by("code").first()
    survey = Survey.objects.get()
    investor = Screening.objects.filter(stage__in=FOR_INVESTORS).order_by("project_id").first()
    return {
        "indicators": reverse("indicators:dashboard"),
        "indicator": indicator.get_absolute_url(),
        "quality of life": reverse("indicators:municipality", kwargs={"slug": "gabes"}),
        "campaigns": reverse("assessment:campaigns"),
        "campaign": Campaign.objects.get().get_absolute_url(),
        "survey": survey.get_absolute_url(),
        "survey results": reverse("surveys:results", kwargs={"slug": survey.slug}),
        "investor catalogue": reverse("ppp:catalogue"),
        "investor view": reverse("ppp:investor", kwargs={"pk": investor.project_id}),
    }


def measure_staff_pages(project: Project) -> dict[str, str]:
    """Where staff enter values, fill and review an assessment, design a survey and screen a PPP project."""
    assessment = Assessment.objects.select_related("campaign", "municipality").order_by("pk").first()
    survey = Survey.objects.select_related("process").get()
    place = {"slug": assessment.campaign.slug, "place": assessment.municipality.slug}
    return {
        "indicators import": reverse("indicators:import"),
        "project aims": f"/projets/{project.pk}/indicateurs/",
        "open campaign": reverse("assessment:open"),
        "assessment": assessment.get_absolute_url(),
        "assessment fill": reverse("assessment:fill", kwargs=place),
        "open survey": reverse("surveys:open", kwargs={"process": survey.process.slug}),
        "survey questions": reverse("surveys:questions", kwargs={"slug": survey.slug}),
        "paper survey": reverse("surveys:paper_form", kwargs={"slug": survey.slug}),
        "PPP national view": reverse("ppp:national"),
        "PPP screening": Screening.objects.order_by("project_id").first().get_absolute_url(),
    }


def count_demo_budget() -> Budget:
    """Open the demo budget's vote now, let three demo residents vote, close it and count, as the worker would."""
    budget = Budget.objects.get()
    process = budget.process
    now = timezone.now()
    process.phases.filter(starts_at__gte=now - timedelta(hours=1)).delete()
    process.phases.filter(ends_at__gt=now - timedelta(hours=1)).update(ends_at=now - timedelta(hours=1))
    vote = participation_services.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(hours=1),
                                            now + timedelta(days=1))
    budget = Budget.objects.get()
    projects = list(budget.projects.order_by("position").values_list("pk", flat=True))
    for n, identifier in enumerate(DEMO_IDENTIFIERS[:3]):
        voter = User.objects.create_user(f"habitant{n}@example.tn", PASSWORD)
        services.claim_census_entry(budget, voter, identifier, DEMO_BIRTH_DATE)
        services.cast_ballot(budget, voter, projects[n:n + 2])
    vote.ends_at = now - timedelta(minutes=1)
    vote.save(update_fields=["ends_at"])
    participation_services.add_phase(process, OPERATOR, PhaseKind.RESULTS, now - timedelta(minutes=1),
                                     now + timedelta(days=30))
    counting.count(budget.pk)
    return Budget.objects.get()
