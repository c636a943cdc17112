"""Demo screenings: the 2020 caravan's PPP candidates at various readiness stages, as their municipalities and the
national body would have moved them (through the services, so each step is in the history); two are open to
investors, each with a market-sounding round that three companies from three countries answered after expressing
their interest, the municipality answering the first of them. Loading twice changes nothing: a project already
screened is left as it is, and a company's interest or answer is sent once."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from madina.accounts.models import User
from madina.core.permissions import OPERATOR
from madina.projects.models import Project

from . import interests, services
from .models import Bearer, Event, Interest, LandStatus, Payer, Readiness, Screening, SoundingAnswer

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

# (account, public name, company, country, its message, its answers to QUESTIONS)
COMPANIES = [
    ("eau.sahel@entreprises.madina.local", "Sahel Eau Services (démo)", "Sahel Eau Services SARL", "Tunisie",
     "Exploitant de stations en Tunisie depuis 2009, nous souhaitons recevoir le dossier de préfaisabilité.",
     ["Vingt ans, pour amortir les équipements.", "Un paiement couvrant l'exploitation à 60 %.",
      "Le foncier et les autorisations."]),
    ("contact@aquamed.madina.local", "Aqua Méditerranée (démo)", "Aqua Méditerranée SA", "France",
     "Notre groupe conçoit et exploite des services urbains autour de la Méditerranée ; le projet nous intéresse "
     "avec un partenaire tunisien.",
     ["Vingt-cinq ans avec une clause de revoyure à dix ans.", "Un paiement indexé, versé dès la mise en service.",
      "Le risque réglementaire et celui des tarifs."]),
    ("invest@gulfurban.madina.local", "Gulf Urban (démo)", "Gulf Urban Infrastructure LLC", "Émirats arabes unis",
     "Investisseur en infrastructures urbaines, nous étudions un apport en fonds propres.",
     ["Quinze à vingt ans.", "Un paiement garanti par l'État.", "Le risque de change."]),
]
ANSWER = ("Merci de votre intérêt. Le dossier de préfaisabilité vous est envoyé ; une visite du site est prévue "
          "pendant la consultation.")


def _companies(screening, round_) -> None:
    """The companies' interest and answers on a sounded project, each sent once; the loader's sending is not a
    person's, so it is not counted against the companies' rate limit."""
    for email, display_name, name, country, message, answers in COMPANIES:
        account, _new = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
        company = getattr(account, "ppp_company", None) or interests.register_company(
            account, name=name, country=country, sector=screening.project.sector, contact_name="Direction du développement")
        if not Interest.objects.filter(screening=screening, company=company).exists():
            interests.send_interest(screening, account, message, [])
        if not SoundingAnswer.objects.filter(round=round_, company=company).exists():
            interests.send_answers(round_, account, answers)
    first = Interest.objects.filter(screening=screening).order_by("pk").first()
    if first is not None and not first.answer:
        interests.answer_interest(first, OPERATOR, ANSWER)


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
            round_ = interests.open_round(screening, OPERATOR, title="Consultation du marché 2020",
                                          deadline=timezone.now() + timedelta(days=45), questions=QUESTIONS)
            _companies(screening, round_)
        elif then != "draft":
            services.submit(screening, OPERATOR)
            if then in ("changes", "rejected"):
                services.review(screening, OPERATOR, Event.CHANGES if then == "changes" else Event.REJECTED,
                                "Démonstration : l'étude de faisabilité doit être actualisée.")
    return Screening.objects.filter(project__in=candidates).count()
