"""A demo participatory budget in the Gabès demo process: 500 000 TND, the demo proposals with costs and up to
two costed catalogue projects of Gabès, a census list of demo residents (identifiers 00000001 to 00000050, each
born on DEMO_BIRTH_DATE, 1990-03-09).

Idempotent: a second load finds the budget of the process and changes nothing. Written with the models (no
person acts here), except the census, which goes through the same hashing as an upload.
"""

from django.db import transaction

from madina.participation.demo import SLUG
from madina.participation.models import Process
from madina.projects.models import Project

from . import secrecy
from .models import Budget, BudgetProject, CensusEntry

# Demo proposal title -> cost in TND, and the project's title in Arabic and English (a proposal is written in one
# language by its author; the budget's projects are the municipality's text, in the three).
COSTS = {
    "Des abris ombragés aux arrêts de bus": (120_000, "مظلّات في محطات الحافلات", "Shaded shelters at bus stops"),
    "Jardins partagés au bord de l'oasis": (80_000, "حدائق مشتركة على حافة الواحة", "Shared gardens at the edge of the oasis"),
    "Nettoyer et surveiller la plage": (150_000, "تنظيف الشاطئ ومراقبته", "Clean and monitor the beach"),
    "Éclairage public solaire sur la corniche": (200_000, "إنارة عمومية شمسية على الكورنيش", "Solar street lighting on the seafront"),
}
DEMO_IDENTIFIERS = [f"{n:08d}" for n in range(1, 51)]
DEMO_BIRTH_DATE = "1990-03-09"


def load_demo_budget() -> Budget | None:
    process = Process.objects.filter(slug=SLUG).first()
    if process is None:
        return None
    existing = Budget.objects.filter(process=process).first()
    if existing:
        return existing
    with transaction.atomic():
        budget = Budget.objects.create(
            process=process, title="Budget participatif de Gabès", title_ar="الميزانية التشاركية لقابس",
            title_en="Gabès participatory budget", amount_tnd=500_000, min_projects=1, max_projects=3,
        )
        position = 0
        for proposal in process.proposals.order_by("created_at", "id"):
            if proposal.title in COSTS:
                cost, title_ar, title_en = COSTS[proposal.title]
                BudgetProject.objects.create(budget=budget, proposal=proposal, title=proposal.title, title_ar=title_ar,
                                             title_en=title_en, cost_tnd=cost, position=position)
                position += 1
        catalogue = Project.objects.filter(municipality=process.municipality, estimated_cost_tnd__isnull=False,
                                           estimated_cost_tnd__lte=500_000).order_by("pk")[:2]
        for project in catalogue:
            BudgetProject.objects.create(
                budget=budget, project=project, cost_tnd=int(project.estimated_cost_tnd), position=position,
                title_fr=project.title_fr or project.title, title_ar=project.title_ar, title_en=project.title_en,
                summary_fr=project.summary_fr or project.summary, summary_ar=project.summary_ar,
                summary_en=project.summary_en,
            )
            position += 1
        CensusEntry.objects.bulk_create(
            CensusEntry(budget=budget, digest=secrecy.census_digest(budget.census_salt, identifier),
                        fact_digest=secrecy.fact_digest(budget.census_salt, budget.census_check, DEMO_BIRTH_DATE))
            for identifier in DEMO_IDENTIFIERS
        )
        Budget.objects.filter(pk=budget.pk).update(census_size=len(DEMO_IDENTIFIERS))
    return Budget.objects.get(pk=budget.pk)
