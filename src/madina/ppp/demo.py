"""Demo screenings: the 2020 caravan's PPP candidates at various readiness stages, as their municipalities and the
national body would have moved them (through the services, so each step is in the history); two are open to
investors, each with a market-sounding round. Loading twice changes nothing: a project already screened is left
as it is."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from madina.core.permissions import OPERATOR
from madina.projects.models import Project

from . import interests, services
from .models import Bearer, Event, LandStatus, Payer, Readiness, Screening

# Where each candidate is taken, in turn: (stage reached, what happens next).
PLAN = [
    (Readiness.MARKET_SOUNDING, "round"),
    (Readiness.STRUCTURED, "submitted"),
    (Readiness.PREFEASIBILITY, "changes"),
    (Readiness.MARKET_SOUNDING, "round"),
    (Readiness.IDEA, "draft"),
    (Readiness.PREFEASIBILITY, "submitted"),
    (Readiness.STRUCTURED, "rejected"),
]
QUESTIONS = [
    "Quelle durée de contrat jugez-vous réaliste ?",
    "Quel niveau de paiement de disponibilité rendrait le projet finançable ?",
    "Quels risques la municipalité devrait-elle garder ?",
]


def _filled(project) -> dict:
    cost = project.estimated_cost_tnd or Decimal(1_000_000)
    return {
        "contract_form": "ppp_contract", "payer": Payer.MIXED, "capital_cost_tnd": cost,
        "annual_revenue_tnd": (cost * Decimal("0.08")).quantize(Decimal(1)),
        "availability_payment_tnd": (cost * Decimal("0.05")).quantize(Decimal(1)), "duration_years": 20,
        "risk_construction": Bearer.PRIVATE, "risk_demand": Bearer.SHARED, "risk_operation": Bearer.PRIVATE,
        "risk_financing": Bearer.PRIVATE, "risk_regulatory": Bearer.PUBLIC, "study_prefeasibility": True,
        "study_feasibility": True, "study_value_for_money": True, "study_environmental": True,
        "land_status": LandStatus.MUNICIPAL, "contact_name": f"Unité PPP, commune de {project.municipality.name_fr}",
        "contact_email": f"ppp@{project.municipality.slug}.demo.madina.tn",
    }


def _walk(screening, stage: str) -> None:
    order = list(Readiness)
    while order.index(screening.stage) < order.index(stage):
        services.submit(screening, OPERATOR)
        services.review(screening, OPERATOR, Event.VALIDATED)


@transaction.atomic
def load_demo_screenings() -> int:
    """Screen the 2020 edition's PPP candidates not screened yet; returns how many are screened."""
    candidates = list(Project.objects.filter(is_demo=True, is_ppp_candidate=True, stop__edition__slug="2020")
                      .select_related("municipality").order_by("stop__order", "pk"))
    for index, project in enumerate(candidates):
        if Screening.objects.filter(project=project).exists():
            continue
        stage, then = PLAN[index % len(PLAN)]
        screening = services.start_screening(project, OPERATOR)
        Screening.objects.filter(pk=screening.pk).update(is_demo=True)
        services.save_screening(screening, OPERATOR, **_filled(project))
        _walk(screening, stage)
        if then == "round":
            interests.open_round(screening, OPERATOR, title="Consultation du marché 2020",
                                 deadline=timezone.now() + timedelta(days=45), questions=QUESTIONS)
        elif then != "draft":
            services.submit(screening, OPERATOR)
            if then in ("changes", "rejected"):
                services.review(screening, OPERATOR, Event.CHANGES if then == "changes" else Event.REJECTED,
                                "Démonstration : l'étude de faisabilité doit être actualisée.")
    return Screening.objects.filter(project__in=candidates).count()
