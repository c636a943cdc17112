"""The municipality's screening and the national review: one function per act, permission checked first, in a
transaction, the screening's row locked where its review moves; each submission and review is kept in the
history and the audit log."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core import audit
from madina.core.errors import Conflict, Invalid
from madina.core.errors import check_fields as check
from madina.core.permissions import person, require
from madina.core.sanitize import has_words
from madina.core.uploads import DOCUMENT, check_upload
from madina.projects.rules import manages_project

from . import checklist, tasks
from .models import Event, InvestorDocument, Review, Screening, ScreeningEvent
from .rules import is_reviewer, prepares

EDITABLE = (
    "contract_form", "payer", "capital_cost_tnd", "annual_revenue_tnd", "availability_payment_tnd",
    "duration_years", "risk_construction", "risk_demand", "risk_operation", "risk_financing", "risk_regulatory",
    "study_prefeasibility", "study_feasibility", "study_value_for_money", "study_environmental", "land_status",
    "land_note", "contact_name", "contact_email", "contact_phone",
)
REASONS_MAX = 2000
DECISIONS = {Event.VALIDATED: Review.VALIDATED, Event.CHANGES: Review.CHANGES, Event.REJECTED: Review.REJECTED}


@transaction.atomic
def start_screening(project, user) -> Screening:
    """Open the screening of a PPP candidate; a project has one, so starting twice gives the same one."""
    require(manages_project, user, project, _("Seuls les agents de la municipalité du projet préparent son examen PPP."))
    if not project.is_ppp_candidate:
        raise Invalid(_("Marquez d'abord le projet comme candidat au PPP."), field="project")
    try:
        with transaction.atomic():
            screening, _created = Screening.objects.get_or_create(project=project)
    except IntegrityError:
        screening = Screening.objects.get(project=project)
    return screening


def _locked(screening) -> Screening:
    """The caller's screening, its row locked and its values read again under the lock."""
    Screening.objects.select_for_update().filter(pk=screening.pk).values_list("pk").get()
    screening.refresh_from_db(fields=[f.attname for f in Screening._meta.concrete_fields if f.name != "project"])
    return screening


@transaction.atomic
def save_screening(screening, user, **fields) -> Screening:
    """The municipality fills the screening in; not while the national body reviews what it was sent."""
    require(prepares, user, screening, _("Seuls les agents de la municipalité du projet remplissent son examen PPP."))
    screening = _locked(screening)
    if screening.review == Review.SUBMITTED:
        raise Conflict(_("L'examen attend la revue nationale : il ne change pas avant la décision."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(_("Champ inconnu : %(name)s.") % {"name": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(screening, name, value.strip() if isinstance(value, str) else value)
    check(screening, *fields)
    screening.save()
    if screening.for_investors:
        transaction.on_commit(lambda: tasks.prepare_sheets.enqueue(screening.project_id))
    return screening


@transaction.atomic
def submit(screening, user) -> ScreeningEvent:
    """Ask the national body to validate the next stage; refused while the checklist says something is missing."""
    require(prepares, user, screening, _("Seuls les agents de la municipalité du projet soumettent son examen PPP."))
    screening = _locked(screening)
    if screening.review == Review.SUBMITTED:
        raise Conflict(_("L'examen attend déjà la revue nationale."))
    target = checklist.next_stage(screening.stage)
    if target is None:
        raise Conflict(_("Le projet est attribué : il n'y a pas de stade suivant."))
    missing = checklist.missing(screening, target)
    if missing:
        raise Invalid(_("Il manque encore : %(items)s") % {"items": " ".join(missing)})
    screening.review, screening.requested_stage, screening.submitted_at = Review.SUBMITTED, target, timezone.now()
    screening.save(update_fields=["review", "requested_stage", "submitted_at", "updated_at"])
    event = ScreeningEvent.objects.create(screening=screening, kind=Event.SUBMITTED, from_stage=screening.stage,
                                          to_stage=target, made_by=person(user))
    audit.record("ppp.submitted", user, municipality=screening.project.municipality, target=screening.project,
                 stage=target)
    return event


@transaction.atomic
def review(screening, user, decision: str, reasons: str = "") -> ScreeningEvent:
    """The national decision on a submission: validate (the stage moves), ask for changes or reject, the last two
    with their reasons, which the municipality reads in the history."""
    require(is_reviewer, user, screening, _("Seuls les examinateurs PPP nationaux décident d'un examen."))
    if decision not in DECISIONS:
        raise Invalid(_("Décision inconnue."), field="decision")
    reasons = (reasons or "").strip() if has_words(reasons or "") else ""
    if len(reasons) > REASONS_MAX:
        raise Invalid(_("Les motifs tiennent en %(max)d caractères.") % {"max": REASONS_MAX}, field="reasons")
    if decision != Event.VALIDATED and not reasons:
        raise Invalid(_("Donnez les motifs : la municipalité en a besoin pour reprendre son dossier."),
                      field="reasons")
    screening = _locked(screening)
    if screening.review != Review.SUBMITTED:
        raise Conflict(_("Cet examen n'attend pas de revue."))
    if decision == Event.VALIDATED and checklist.missing(screening, screening.requested_stage):
        raise Conflict(_("Le dossier n'est plus complet pour ce stade : demandez des modifications."))
    before = screening.stage
    screening.review = DECISIONS[decision]
    if decision == Event.VALIDATED:
        screening.stage, screening.stage_since = screening.requested_stage, timezone.now()
    event = ScreeningEvent.objects.create(screening=screening, kind=decision, from_stage=before,
                                          to_stage=screening.requested_stage, reasons=reasons, made_by=person(user))
    screening.requested_stage = ""
    screening.save(update_fields=["review", "stage", "stage_since", "requested_stage", "updated_at"])
    audit.record("ppp.reviewed", user, municipality=screening.project.municipality, target=screening.project,
                 decision=decision, stage=event.to_stage)
    transaction.on_commit(lambda: tasks.notify_decision.enqueue(event.pk))
    if decision == Event.VALIDATED and screening.for_investors:
        transaction.on_commit(lambda: tasks.prepare_sheets.enqueue(screening.project_id))
    return event


@transaction.atomic
def add_document(screening, user, *, title: str, audience: str, upload) -> InvestorDocument:
    """Release a document for investors; checked by its content like every upload (core.uploads)."""
    require(prepares, user, screening, _("Seuls les agents de la municipalité du projet publient ses documents."))
    checked = check_upload(upload, DOCUMENT)
    document = InvestorDocument(screening=screening, title=(title or "").strip(), audience=audience,
                                uploaded_by=person(user))
    if not document.title:
        raise Invalid(_("Donnez un titre au document."), field="title")
    check(document, "title", "audience")
    document.keep(upload, checked, save=True)
    audit.record("ppp.document_released", user, municipality=screening.project.municipality,
                 target=document.title, audience=audience)
    return document


@transaction.atomic
def remove_document(document, user) -> None:
    require(prepares, user, document.screening, _("Seuls les agents de la municipalité du projet retirent ses documents."))
    document.file.delete(save=False)
    document.delete()

