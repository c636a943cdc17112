"""What a screening still lacks before the next readiness stage, said in the municipality's words.

Each stage asks for what the stages before it asked, plus its own; a submission is refused while anything is
missing, and the screening page lists it, so the municipality knows what to do before it asks.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import READINESS, RISKS, SECURED_LAND, LandStatus, Payer, Readiness


def next_stage(stage: str) -> str | None:
    index = READINESS.index(stage)
    return READINESS[index + 1] if index + 1 < len(READINESS) else None


def _prefeasibility(s) -> list[str]:
    missing = []
    if not s.contract_form:
        missing.append(_("Choisir la forme de contrat envisagée."))
    if not s.payer:
        missing.append(_("Dire qui paie le service."))
    if s.capital_cost_tnd is None:
        missing.append(_("Donner le coût d'investissement."))
    if not s.study_prefeasibility:
        missing.append(_("Faire l'étude de préfaisabilité."))
    return missing


def _structured(s) -> list[str]:
    missing = []
    if not s.study_feasibility:
        missing.append(_("Faire l'étude de faisabilité."))
    if s.duration_years is None:
        missing.append(_("Donner la durée du contrat."))
    if s.payer in (Payer.USERS, Payer.MIXED) and s.annual_revenue_tnd is None:
        missing.append(_("Estimer les recettes annuelles payées par les usagers."))
    if s.payer in (Payer.MUNICIPALITY, Payer.MIXED) and s.availability_payment_tnd is None:
        missing.append(_("Estimer le paiement de disponibilité annuel."))
    for name, label in RISKS:
        if not getattr(s, name):
            missing.append(_("Dire qui porte le risque : %(risk)s.") % {"risk": label})
    if s.land_status == LandStatus.UNKNOWN:
        missing.append(_("Établir le statut du foncier dans le périmètre."))
    return missing


def _market_sounding(s) -> list[str]:
    missing = []
    if not s.study_value_for_money:
        missing.append(_("Faire l'évaluation préalable (value for money)."))
    if not s.study_environmental:
        missing.append(_("Faire l'étude d'impact environnemental et social."))
    if s.land_status not in SECURED_LAND:
        missing.append(_("Sécuriser le foncier (domaine municipal, ou de l'État affecté au projet)."))
    if not (s.contact_name and s.contact_email):
        missing.append(_("Donner un contact (nom et e-mail) pour les investisseurs."))
    return missing


def _tender(s) -> list[str]:
    closed = s.rounds.filter(deadline__lte=timezone.now(), answers__isnull=False).exists() if s.pk else False
    return [] if closed else [_("Mener une consultation du marché close avec au moins une réponse.")]


OWN = {
    Readiness.PREFEASIBILITY: _prefeasibility,
    Readiness.STRUCTURED: _structured,
    Readiness.MARKET_SOUNDING: _market_sounding,
    Readiness.TENDER: _tender,
}
"""What each stage asks for itself; reaching a stage asks for its own and every earlier stage's (awarded adds
nothing to the tender's)."""


def missing(screening, stage: str | None = None) -> list[str]:
    """What is missing before `stage` (the next one by default); empty when the screening may be submitted."""
    stage = stage or next_stage(screening.stage)
    if stage is None:
        return []
    reached = READINESS[:READINESS.index(stage) + 1]
    return [item for step in reached if step in OWN for item in OWN[step](screening)]
