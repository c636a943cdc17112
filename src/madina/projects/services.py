"""Every write to the catalogue goes through here: one function per use case, each in a transaction, each
checking the permission (with core.permissions.require) and the data before touching a row, so pages, API and
admin behave alike. What describes a project, and its checks, is describe.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madina.accounts.rules import is_organiser, is_signed_in
from madina.core import audit, pictures, ratelimit
from madina.core.errors import Invalid, full_clean
from madina.core.permissions import person, require
from madina.core.uploads import check_upload

from . import describe
from .models import (
    Attachment,
    Contact,
    Criterion,
    Follow,
    FundingLine,
    Milestone,
    Organisation,
    OrganisationKind,
    Origin,
    ProgressReport,
    Project,
    Promoter,
    Score,
    Stage,
    StageChange,
)
from .rules import manages_project, oversees_project, transition_rule
from .tasks import notify_followers_of_stage_change

# The longest note a stage change may carry, as typed (the form and the API schema say the same).
NOTE_MAX = 5_000
NOT_MANAGER = gettext_lazy("Seul le personnel qui gère la municipalité du projet peut faire cela.")
NOT_OVERSEER = gettext_lazy("Seuls le gouvernorat et les organisateurs peuvent noter un projet.")


@transaction.atomic
def create_project(user, **data) -> Project:
    """A new project starts as an idea, recorded in its history with the note of who brought it."""
    project = Project(stage=Stage.IDEA, created_by=person(user))
    geometry = data.pop("geometry", None)
    describe.apply(project, data)
    if project.municipality_id is None:
        raise Invalid(_("Choisissez la municipalité du projet."), field="municipality")
    require(manages_project, user, project, NOT_MANAGER)
    describe.validate(project, True, geometry)
    describe.save(project)
    StageChange.objects.create(
        project=project, from_stage="", to_stage=Stage.IDEA, effective_date=timezone.localdate(),
        note=_("Projet enregistré au catalogue."), made_by=project.created_by,
    )
    return project


@transaction.atomic
def update_project(project: Project, user, **data) -> Project:
    """Edit what describes the project; its stage only moves through `transition`."""
    project = Project.objects.select_for_update().select_related("municipality").get(pk=project.pk)
    require(manages_project, user, project, NOT_MANAGER)
    if "municipality" in data:
        require(manages_project, user, Project(municipality=data["municipality"]), NOT_MANAGER)
    geometry_given = "geometry" in data
    geometry = data.pop("geometry", None)
    describe.apply(project, data)
    describe.validate(project, geometry_given, geometry)
    return describe.save(project)


@transaction.atomic
def save_project(project: Project | None, user, *, funding: list[tuple[str, Decimal, str]], **data) -> Project:
    """A new project (`project` None) or an edited one together with its funding plan: both or neither."""
    if project is None:
        project = create_project(user, **data)
    else:
        update_project(project, user, **data)
    set_funding_plan(project, user, funding)
    return project


@transaction.atomic
def transition(project: Project, to_stage: str, user, note: str, *, effective_date: date | None = None,
               merged_into: Project | None = None) -> StageChange:
    """Move a project along the pipeline if rules.TRANSITIONS lets this user; followers hear of it by e-mail
    once the change is committed."""
    project = Project.objects.select_for_update().select_related("municipality").get(pk=project.pk)
    require(manages_project, user, project, NOT_MANAGER)  # before anything tells an outsider about the pipeline
    if to_stage not in Stage.values:
        raise Invalid(_("Étape inconnue."), field="to_stage")
    who = transition_rule(project, to_stage)
    if who is None:
        raise Invalid(_("Ce projet ne peut pas passer à cette étape maintenant."), field="to_stage")
    require(who, user, project, _("Vous ne pouvez pas faire passer ce projet à cette étape."))
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Une note explique chaque changement d'étape."), field="note")
    if to_stage == Stage.MERGED:
        if merged_into is None or merged_into.pk == project.pk:
            raise Invalid(_("Choisissez le projet dans lequel celui-ci est fusionné."), field="merged_into")
        if merged_into.stage == Stage.MERGED:
            raise Invalid(_("Ce projet est lui-même fusionné dans un autre."), field="merged_into")
        # Both projects in the person's territory: governorate staff do not fold another governorate's project.
        require(oversees_project, user, merged_into,
                _("Vous ne pouvez fusionner un projet que dans un projet de votre territoire."))
        project.merged_into = merged_into
    if len(note) > NOTE_MAX:
        raise Invalid(_("Une note a au plus %(count)d caractères.") % {"count": NOTE_MAX}, field="note")
    effective_date = effective_date or timezone.localdate()
    if effective_date > timezone.localdate():
        raise Invalid(_("La date d'un changement d'étape ne peut pas être future."), field="effective_date")
    recorded = project.history.order_by("effective_date").values_list("effective_date", flat=True).first()
    recorded = recorded or timezone.localdate(project.created_at)
    if effective_date < recorded:
        raise Invalid(_("Le projet n'était pas encore au catalogue à cette date (il y est depuis le %(date)s).")
                      % {"date": date_format(recorded)}, field="effective_date")
    from_stage = project.stage
    project.stage_before_hold = from_stage if to_stage == Stage.ON_HOLD else ""
    project.stage = to_stage
    project.stage_changed_at = timezone.now()
    project.save(update_fields=["stage", "stage_changed_at", "stage_before_hold", "merged_into", "updated_at"])
    change = StageChange.objects.create(
        project=project, from_stage=from_stage, to_stage=to_stage, effective_date=effective_date, note=note,
        made_by=person(user),
    )
    audit.record("projects.stage_changed", user, municipality=project.municipality, target=project,
                 from_stage=from_stage, to_stage=to_stage, effective_date=str(effective_date or ""))
    transaction.on_commit(lambda: notify_followers_of_stage_change.enqueue(change.pk))
    return change


@transaction.atomic
def set_funding_plan(project: Project, user, lines: list[tuple[str, Decimal, str]]) -> list[FundingLine]:
    """Replace the funding plan; a PPP line makes the project a PPP candidate."""
    require(manages_project, user, project, NOT_MANAGER)
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.funding_lines.all().delete()
    created = []
    for source, amount, note in lines:
        line = FundingLine(project=project, source=source, amount_tnd=Decimal(amount), note=note)
        full_clean(line)
        line.save()
        created.append(line)
    if any(line.source == "ppp" for line in created) and not project.is_ppp_candidate:
        project.is_ppp_candidate = True
        project.save(update_fields=["is_ppp_candidate", "updated_at"])
    return created


@transaction.atomic
def set_promoters(project: Project, user, organisations: list[tuple]) -> None:
    """`organisations` is a list of (Organisation, is_lead)."""
    require(manages_project, user, project, NOT_MANAGER)
    project.promoter_links.all().delete()
    Promoter.objects.bulk_create(
        [Promoter(project=project, organisation=org, is_lead=lead) for org, lead in organisations]
    )


@transaction.atomic
def record_promoters(project: Project, user, rows: list[dict]) -> list[Promoter]:
    """Replace the promoters with the organisations typed on the project's page (dicts of name, kind, website,
    is_lead). An organisation is found by its name (in any language) and kind, so the same association promoting
    projects in several cities stays one row; a new one is named in French, the name every language falls back
    to, whatever the language of the page; a website typed here fills one it did not have."""
    require(manages_project, user, project, NOT_MANAGER)
    seen, organisations = set(), []
    for index, row in enumerate(rows):
        name = " ".join((row.get("name") or "").split())
        kind = row.get("kind") or ""
        if not name or kind not in OrganisationKind.values:
            raise Invalid(_("Un promoteur a un nom et un type."), field=f"promoter-{index}")
        if (name.casefold(), kind) in seen:
            raise Invalid(_("Cette organisation figure déjà parmi les promoteurs."), field=f"promoter-{index}")
        seen.add((name.casefold(), kind))
        organisation = Organisation.objects.filter(
            Q(name_fr__iexact=name) | Q(name_ar__iexact=name) | Q(name_en__iexact=name), kind=kind
        ).first()
        if organisation is None:
            organisation = Organisation(name_fr=name, kind=kind, website=row.get("website") or "")
            full_clean(organisation)
            organisation.save()
        elif row.get("website") and not organisation.website:
            organisation.website = row["website"]
            full_clean(organisation)
            organisation.save(update_fields=["website"])
        organisations.append((organisation, bool(row.get("is_lead"))))
    if sum(lead for _org, lead in organisations) > 1:
        raise Invalid(_("Un seul promoteur est chef de file."), field="is_lead")
    set_promoters(project, user, organisations)
    return list(project.promoter_links.select_related("organisation"))


@transaction.atomic
def add_contact(project: Project, user, **fields) -> Contact:
    require(manages_project, user, project, NOT_MANAGER)
    contact = Contact(project=project, **fields)
    full_clean(contact)
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact: Contact, user, **fields) -> Contact:
    """Correct a contact of a project; it stays with its project."""
    contact = Contact.objects.select_for_update().select_related("project__municipality").get(pk=contact.pk)
    require(manages_project, user, contact.project, NOT_MANAGER)
    for name in ("name", "role", "organisation", "email", "phone"):
        if name in fields:
            setattr(contact, name, fields[name])
    full_clean(contact)
    contact.save()
    return contact


@transaction.atomic
def remove_contact(contact: Contact, user) -> None:
    contact = Contact.objects.select_for_update().select_related("project__municipality").get(pk=contact.pk)
    require(manages_project, user, contact.project, NOT_MANAGER)
    contact.delete()


@transaction.atomic
def save_contacts(project: Project, user, rows: list[dict]) -> None:
    """The contacts table of a project's page in one go: each row added (no `contact`), corrected, or removed
    (`DELETE`); a refusal names its row (`contact-2`) and nothing of the table is saved."""
    existing = {c.pk: c for c in project.contacts.all()}
    for index, row in enumerate(rows):
        fields = {k: v for k, v in row.items() if k not in ("contact", "DELETE")}
        contact = existing.get(row.get("contact"))
        if contact is None and not any(fields.get(name) for name in ("name", "role", "email", "phone")):
            continue  # a row left empty
        try:
            if row.get("DELETE"):
                if contact:
                    remove_contact(contact, user)
            elif contact:
                update_contact(contact, user, **fields)
            else:
                add_contact(project, user, **fields)
        except Invalid as error:
            raise Invalid(error.message, field=f"contact-{index}") from error


@transaction.atomic
def add_milestone(project: Project, user, *, title: str, planned_date: date, actual_date: date | None = None,
                  **translations) -> Milestone:
    require(manages_project, user, project, NOT_MANAGER)
    milestone = Milestone(project=project, title=title, planned_date=planned_date, actual_date=actual_date)
    for key, value in translations.items():
        if key in ("title_ar", "title_en"):
            setattr(milestone, key, value)
    milestone.title_fr = milestone.title_fr or title
    full_clean(milestone)
    milestone.save()
    return milestone


@transaction.atomic
def reach_milestone(milestone: Milestone, user, actual_date: date) -> Milestone:
    require(manages_project, user, milestone.project, NOT_MANAGER)
    if actual_date > timezone.localdate():
        raise Invalid(_("Un jalon ne peut pas être atteint dans le futur."), field="actual_date")
    milestone.actual_date = actual_date
    milestone.save(update_fields=["actual_date"])
    return milestone


@transaction.atomic
def record_progress(project: Project, user, *, physical: int, financial: int, note: str = "",
                    reported_on: date | None = None) -> ProgressReport:
    """A dated progress report; the project shows the most recent one."""
    require(manages_project, user, project, NOT_MANAGER)
    for name, value in (("physical", physical), ("financial", financial)):
        if not 0 <= int(value) <= 100:
            raise Invalid(_("Un avancement se donne entre 0 et 100 %."), field=name)
    project = Project.objects.select_for_update().get(pk=project.pk)
    report = ProgressReport.objects.create(
        project=project, reported_on=reported_on or timezone.localdate(), physical_progress=physical,
        financial_progress=financial, note=note, made_by=person(user),
    )
    latest = project.progress_reports.order_by("-reported_on", "-id").first()
    project.physical_progress, project.financial_progress = latest.physical_progress, latest.financial_progress
    project.save(update_fields=["physical_progress", "financial_progress", "updated_at"])
    return report


@transaction.atomic
def add_attachment(project: Project, user, *, upload, kind: str, caption: str = "") -> Attachment:
    require(manages_project, user, project, NOT_MANAGER)
    checked = check_upload(upload, kind)
    return Attachment.objects.create(
        project=project, kind=kind, file=upload, caption=caption, content_type=checked.content_type,
        size=checked.size, uploaded_by=person(user),
    )


@transaction.atomic
def set_picture(project: Project, user, **change) -> Project:
    """The project's picture on its page and its card (core.pictures checks and cleans the file)."""
    require(manages_project, user, project, NOT_MANAGER)
    pictures.apply(project, **change)
    return project


@transaction.atomic
def follow(project: Project, user) -> bool:
    """Follow a project; True if the user was not following it yet. Stage changes reach them by e-mail."""
    require(is_signed_in, user, message=_("Connectez-vous pour suivre un projet."))
    ratelimit.limit_follows(user)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    _follow, created = Follow.objects.get_or_create(project=locked, user=user)
    if created:
        Project.objects.filter(pk=locked.pk).update(follower_count=F("follower_count") + 1)
    return created


@transaction.atomic
def unfollow(project: Project, user) -> bool:
    require(is_signed_in, user, message=_("Connectez-vous pour suivre un projet."))
    ratelimit.limit_follows(user)
    return _unfollow(project, user)


@transaction.atomic
def forget_follows(user) -> None:
    """An erased account's follows go, the counts kept true; no limit holds back a person leaving."""
    for follow in Follow.objects.filter(user=user).select_related("project"):
        _unfollow(follow.project, user)


def _unfollow(project: Project, user) -> bool:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    deleted, _details = Follow.objects.filter(project=locked, user=user).delete()
    if deleted:
        Project.objects.filter(pk=locked.pk).update(follower_count=F("follower_count") - 1)
    return bool(deleted)


@transaction.atomic
def score_project(project: Project, user, criterion: Criterion, value: int, comment: str = "") -> Score:
    """One evaluator's score on one criterion; scoring again replaces it."""
    require(oversees_project, user, project, NOT_OVERSEER)
    if not criterion.is_active:
        raise Invalid(_("Ce critère n'est plus utilisé."), field="criterion")
    score = Score(project=project, criterion=criterion, evaluator=user, value=value, comment=comment)
    full_clean(score, validate_unique=False, validate_constraints=False)
    score, _created = Score.objects.update_or_create(
        project=project, criterion=criterion, evaluator=user, defaults={"value": value, "comment": comment}
    )
    return score


@transaction.atomic
def record_scores(project: Project, user, scores: list[tuple[Criterion, int]]) -> None:
    """One evaluator's scores on several criteria: all of them or none."""
    for criterion, value in scores:
        score_project(project, user, criterion, value)


@transaction.atomic
def set_criteria_weights(user, weights: dict[str, int]) -> None:
    """Organisers adopt new weights (criterion code -> weight)."""
    require(is_organiser, user, message=_("Seuls les organisateurs adoptent les poids des critères."))
    for code, weight in weights.items():
        if not 0 <= int(weight) <= 100:
            raise Invalid(_("Un poids se donne entre 0 et 100."), field=code)
    for criterion in Criterion.objects.select_for_update().filter(code__in=weights):
        criterion.weight = int(weights[criterion.code])
        criterion.save(update_fields=["weight"])


@transaction.atomic
def capture_workshop(stop, user, rows: list[dict]) -> list[Project]:
    """Record the projects named during a caravan workshop in one go: all of them or none."""
    if stop.municipality_id is None:
        raise Invalid(_("Cette étape n'est liée à aucune municipalité."))
    created = []
    for index, row in enumerate(rows, start=1):
        try:
            created.append(create_project(user, municipality=stop.municipality, origin=Origin.CARAVAN_STOP,
                                          stop=stop, **row))
        except Invalid as error:
            raise Invalid(_("Projet %(n)d : %(why)s") % {"n": index, "why": error.message}) from error
    return created
