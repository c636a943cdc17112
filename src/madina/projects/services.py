"""Every write to the catalogue goes through here: one function per use case, each in a transaction, each
checking the permission and the data before touching a row, so views, API and demo loader behave alike."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point

from madina.core.geo import GeometryError, parse_geometry
from madina.core.sanitize import clean_html
from madina.core.text import search_text

from . import rules as project_rules
from .models import (
    IN_PERIMETER,
    Attachment,
    Contact,
    Criterion,
    Follow,
    FundingLine,
    Intervention,
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
from .tasks import notify_followers_of_stage_change
from .uploads import check_upload

LANGS = ("fr", "ar", "en")
TRANSLATED = ("title", "summary", "description")
# About 100 m: a point drawn on the boundary line, or a municipal outline simplified by the source, still counts.
LOCATION_TOLERANCE_DEG = 0.001
SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])\.([1-9]|1[0-9]|[a-d])$")
PLAIN_FIELDS = (
    "municipality", "perimeter", "sector", "intervention", "origin", "stop", "origin_note", "estimated_cost_tnd",
    "is_ppp_candidate", "is_demo",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Vous ne pouvez pas faire cette action sur ce projet."))


def check_location(municipality, perimeter, geometry: dict | None):
    """The shapely geometry of a project's location, refused unless it lies inside its municipality (and
    inside its perimeter when it has one)."""
    if not geometry:
        return None
    try:
        geom = parse_geometry(geometry, allowed=("Point", "Polygon", "MultiPolygon"))
    except GeometryError as exc:
        raise ValidationError({"geometry": _("Localisation invalide : %(why)s") % {"why": exc}}) from exc
    for place, message in (
        (municipality, _("La localisation doit se trouver dans la municipalité %(name)s.")),
        (perimeter, _("La localisation doit se trouver dans le périmètre %(name)s.")),
    ):
        if place is not None and place.geometry and not place.shape.buffer(LOCATION_TOLERANCE_DEG).covers(geom):
            raise ValidationError({"geometry": message % {"name": place}})
    return geom


def clean_sdg_targets(values) -> list[str]:
    if isinstance(values, str):
        values = [v for v in re.split(r"[\s,;]+", values) if v]
    targets = []
    for value in values or []:
        value = str(value).strip().lower()
        if not SDG_TARGET.match(value):
            raise ValidationError({"sdg_targets": _("« %(value)s » n'est pas une cible ODD (ex. 11.2).") % {"value": value}})
        if value not in targets:
            targets.append(value)
    return targets


def _apply(project: Project, data: dict) -> None:
    for name in TRANSLATED:
        for lang in LANGS:
            key = f"{name}_{lang}"
            if key in data:
                value = data[key] or ""
                setattr(project, key, clean_html(value) if name == "description" else value.strip())
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if "sdg_targets" in data:
        project.sdg_targets = clean_sdg_targets(data["sdg_targets"])
    if project.intervention == Intervention.CITY_WIDE:
        project.perimeter = None
    if project.origin != Origin.CARAVAN_STOP:
        project.stop = None


def _validate(project: Project, geometry_given: bool, geometry) -> None:
    errors = {}
    if not (project.title_fr or "").strip():
        errors["title_fr"] = _("Le titre en français est obligatoire.")
    if project.perimeter_id and project.perimeter.municipality_id != project.municipality_id:
        errors["perimeter"] = _("Ce périmètre n'appartient pas à la municipalité du projet.")
    if project.intervention in IN_PERIMETER and not project.perimeter_id:
        errors["perimeter"] = _("Une intervention de ce type se fait dans un périmètre : choisissez-le.")
    if project.origin == Origin.CARAVAN_STOP and project.stop_id is None:
        errors["stop"] = _("Indiquez l'étape de la caravane où le projet a été identifié.")
    if errors:
        raise ValidationError(errors)
    if geometry_given:
        geom = check_location(project.municipality, project.perimeter, geometry)
        if geom is None:
            project.geometry = None
            project.min_lon = project.min_lat = project.max_lon = project.max_lat = None
            project.lon = project.lat = None
        else:
            project.set_geometry(geom)
            anchor = geom if isinstance(geom, Point) else geom.representative_point()
            project.lon, project.lat = round(anchor.x, 6), round(anchor.y, 6)
    elif project.geometry:
        check_location(project.municipality, project.perimeter, project.geometry)


def search_text_of(project: Project) -> str:
    municipality = project.municipality
    parts = [getattr(project, f"{name}_{lang}") for name in ("title", "summary") for lang in LANGS]
    return search_text(*parts, *(getattr(municipality, f"name_{lang}") for lang in LANGS))


def _save(project: Project) -> Project:
    project.search_text = search_text_of(project)
    project.save()
    return project


@transaction.atomic
def create_project(user, **data) -> Project:
    """A new project starts as an idea, recorded in its history with the note of who brought it."""
    project = Project(stage=Stage.IDEA, created_by=user if user and user.is_authenticated else None)
    geometry = data.pop("geometry", None)
    _apply(project, data)
    _require(project.municipality_id is not None and project_rules.manages_project.test(user, project))
    _validate(project, True, geometry)
    _save(project)
    StageChange.objects.create(
        project=project, from_stage="", to_stage=Stage.IDEA, effective_date=timezone.localdate(),
        note=_("Projet enregistré au catalogue."), made_by=project.created_by,
    )
    return project


@transaction.atomic
def update_project(project: Project, user, **data) -> Project:
    """Edit what describes the project; its stage only moves through `transition`."""
    project = Project.objects.select_for_update().select_related("municipality").get(pk=project.pk)
    _require(project_rules.manages_project.test(user, project))
    if "municipality" in data:
        _require(project_rules.manages_project.test(user, Project(municipality=data["municipality"])))
    geometry_given = "geometry" in data
    geometry = data.pop("geometry", None)
    _apply(project, data)
    _validate(project, geometry_given, geometry)
    return _save(project)


@transaction.atomic
def transition(project: Project, to_stage: str, user, note: str, *, effective_date: date | None = None,
               merged_into: Project | None = None) -> StageChange:
    """Move a project along the pipeline if rules.TRANSITIONS lets this user; followers hear of it by e-mail
    once the change is committed."""
    project = Project.objects.select_for_update().select_related("municipality").get(pk=project.pk)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Étape inconnue.")})
    _require(project_rules.can_transition(user, project, to_stage))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Une note explique chaque changement d'étape.")})
    if to_stage == Stage.MERGED:
        if merged_into is None or merged_into.pk == project.pk:
            raise ValidationError({"merged_into": _("Choisissez le projet dans lequel celui-ci est fusionné.")})
        if merged_into.stage == Stage.MERGED:
            raise ValidationError({"merged_into": _("Ce projet est lui-même fusionné dans un autre.")})
        project.merged_into = merged_into
    effective_date = effective_date or timezone.localdate()
    if effective_date > timezone.localdate():
        raise ValidationError({"effective_date": _("La date d'un changement d'étape ne peut pas être future.")})
    from_stage = project.stage
    project.stage_before_hold = from_stage if to_stage == Stage.ON_HOLD else ""
    project.stage = to_stage
    project.stage_changed_at = timezone.now()
    project.save(update_fields=["stage", "stage_changed_at", "stage_before_hold", "merged_into", "updated_at"])
    change = StageChange.objects.create(
        project=project, from_stage=from_stage, to_stage=to_stage, effective_date=effective_date, note=note,
        made_by=user,
    )
    transaction.on_commit(lambda: notify_followers_of_stage_change.enqueue(change.pk))
    return change


@transaction.atomic
def set_funding_plan(project: Project, user, lines: list[tuple[str, Decimal, str]]) -> list[FundingLine]:
    """Replace the funding plan; a PPP line makes the project a PPP candidate."""
    _require(project_rules.manages_project.test(user, project))
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.funding_lines.all().delete()
    created = [FundingLine.objects.create(project=project, source=s, amount_tnd=Decimal(a), note=n) for s, a, n in lines]
    if any(line.source == "ppp" for line in created) and not project.is_ppp_candidate:
        project.is_ppp_candidate = True
        project.save(update_fields=["is_ppp_candidate", "updated_at"])
    return created


@transaction.atomic
def set_promoters(project: Project, user, organisations: list[tuple]) -> None:
    """`organisations` is a list of (Organisation, is_lead)."""
    _require(project_rules.manages_project.test(user, project))
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
    _require(project_rules.manages_project.test(user, project))
    seen, organisations = set(), []
    for index, row in enumerate(rows):
        name = " ".join((row.get("name") or "").split())
        kind = row.get("kind") or ""
        if not name or kind not in OrganisationKind.values:
            raise ValidationError({f"promoter-{index}": _("Un promoteur a un nom et un type.")})
        if (name.casefold(), kind) in seen:
            raise ValidationError({f"promoter-{index}": _("Cette organisation figure déjà parmi les promoteurs.")})
        seen.add((name.casefold(), kind))
        organisation = Organisation.objects.filter(
            Q(name_fr__iexact=name) | Q(name_ar__iexact=name) | Q(name_en__iexact=name), kind=kind
        ).first()
        if organisation is None:
            organisation = Organisation(name_fr=name, kind=kind, website=row.get("website") or "")
            organisation.full_clean()
            organisation.save()
        elif row.get("website") and not organisation.website:
            organisation.website = row["website"]
            organisation.full_clean()
            organisation.save(update_fields=["website"])
        organisations.append((organisation, bool(row.get("is_lead"))))
    if sum(lead for _org, lead in organisations) > 1:
        raise ValidationError({"is_lead": _("Un seul promoteur est chef de file.")})
    set_promoters(project, user, organisations)
    return list(project.promoter_links.select_related("organisation"))


@transaction.atomic
def add_contact(project: Project, user, **fields) -> Contact:
    _require(project_rules.manages_project.test(user, project))
    contact = Contact(project=project, **fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact: Contact, user, **fields) -> Contact:
    """Correct a contact of a project; it stays with its project."""
    contact = Contact.objects.select_for_update().select_related("project__municipality").get(pk=contact.pk)
    _require(project_rules.manages_project.test(user, contact.project))
    for name in ("name", "role", "organisation", "email", "phone"):
        if name in fields:
            setattr(contact, name, fields[name])
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def remove_contact(contact: Contact, user) -> None:
    contact = Contact.objects.select_for_update().select_related("project__municipality").get(pk=contact.pk)
    _require(project_rules.manages_project.test(user, contact.project))
    contact.delete()


@transaction.atomic
def add_milestone(project: Project, user, *, title: str, planned_date: date, actual_date: date | None = None,
                  **translations) -> Milestone:
    _require(project_rules.manages_project.test(user, project))
    milestone = Milestone(project=project, title=title, planned_date=planned_date, actual_date=actual_date)
    for key, value in translations.items():
        if key in ("title_ar", "title_en"):
            setattr(milestone, key, value)
    milestone.title_fr = milestone.title_fr or title
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def reach_milestone(milestone: Milestone, user, actual_date: date) -> Milestone:
    _require(project_rules.manages_project.test(user, milestone.project))
    if actual_date > timezone.localdate():
        raise ValidationError({"actual_date": _("Un jalon ne peut pas être atteint dans le futur.")})
    milestone.actual_date = actual_date
    milestone.save(update_fields=["actual_date"])
    return milestone


@transaction.atomic
def record_progress(project: Project, user, *, physical: int, financial: int, note: str = "",
                    reported_on: date | None = None) -> ProgressReport:
    """A dated progress report; the project shows the most recent one."""
    _require(project_rules.manages_project.test(user, project))
    for name, value in (("physical_progress", physical), ("financial_progress", financial)):
        if not 0 <= int(value) <= 100:
            raise ValidationError({name: _("Un avancement se donne entre 0 et 100 %.")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    report = ProgressReport.objects.create(
        project=project, reported_on=reported_on or timezone.localdate(), physical_progress=physical,
        financial_progress=financial, note=note, made_by=user,
    )
    latest = project.progress_reports.order_by("-reported_on", "-id").first()
    project.physical_progress, project.financial_progress = latest.physical_progress, latest.financial_progress
    project.save(update_fields=["physical_progress", "financial_progress", "updated_at"])
    return report


@transaction.atomic
def add_attachment(project: Project, user, *, upload, kind: str, caption: str = "") -> Attachment:
    _require(project_rules.manages_project.test(user, project))
    checked = check_upload(upload, kind)
    return Attachment.objects.create(
        project=project, kind=kind, file=upload, caption=caption, content_type=checked.content_type,
        size=checked.size, uploaded_by=user,
    )


@transaction.atomic
def follow(project: Project, user, language: str | None = None) -> bool:
    """Follow a project; True if the user was not following it yet. `language` is the one the page was read in:
    the stage-change e-mails are written in it (following again in another language switches them)."""
    _require(project_rules.is_signed_in.test(user))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    follow_row, created = Follow.objects.get_or_create(project=locked, user=user, defaults={"language": language})
    if not created and follow_row.language != language:
        follow_row.language = language
        follow_row.save(update_fields=["language"])
    if created:
        Project.objects.filter(pk=locked.pk).update(follower_count=F("follower_count") + 1)
    return created


@transaction.atomic
def unfollow(project: Project, user) -> bool:
    _require(project_rules.is_signed_in.test(user))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    deleted, _ = Follow.objects.filter(project=locked, user=user).delete()
    if deleted:
        Project.objects.filter(pk=locked.pk).update(follower_count=F("follower_count") - 1)
    return bool(deleted)


@transaction.atomic
def score_project(project: Project, user, criterion: Criterion, value: int, comment: str = "") -> Score:
    """One evaluator's score on one criterion; scoring again replaces it."""
    _require(project_rules.oversees_project.test(user, project))
    if not criterion.is_active:
        raise ValidationError({"criterion": _("Ce critère n'est plus utilisé.")})
    score = Score(project=project, criterion=criterion, evaluator=user, value=value, comment=comment)
    score.full_clean(validate_unique=False, validate_constraints=False)
    score, _created = Score.objects.update_or_create(
        project=project, criterion=criterion, evaluator=user, defaults={"value": value, "comment": comment}
    )
    return score


@transaction.atomic
def set_criteria_weights(user, weights: dict[str, int]) -> None:
    """Organisers adopt new weights (criterion code -> weight)."""
    _require(project_rules.is_organiser.test(user))
    for code, weight in weights.items():
        if not 0 <= int(weight) <= 100:
            raise ValidationError({code: _("Un poids se donne entre 0 et 100.")})
    for criterion in Criterion.objects.select_for_update().filter(code__in=weights):
        criterion.weight = int(weights[criterion.code])
        criterion.save(update_fields=["weight"])


@transaction.atomic
def capture_workshop(stop, user, rows: list[dict]) -> list[Project]:
    """Record the projects named during a caravan workshop in one go: all of them or none."""
    if stop.municipality_id is None:
        raise ValidationError(_("Cette étape n'est liée à aucune municipalité."))
    return [
        create_project(user, municipality=stop.municipality, origin=Origin.CARAVAN_STOP, stop=stop, **row)
        for row in rows
    ]


@transaction.atomic
def record_demo_project(*, key: dict, fields: dict, stages: list[str], start: date | None, funding: list,
                        promoters: list) -> Project:
    """Create or refresh a demo project with a plausible history. Only the demo loader, run by the operator
    from the command line, calls this: there is no user to check, and every row it writes says `is_demo`."""
    project = Project.objects.filter(is_demo=True, **key).first()
    created = project is None
    if created:
        project = Project(is_demo=True)
    fields = dict(fields)
    geometry = fields.pop("geometry", None)
    _apply(project, {**key, **fields})
    _validate(project, True, geometry)
    today = timezone.localdate()
    start = start or today
    dates = [min(start + timedelta(days=60 * i), today) for i in range(len(stages))]
    project.stage = stages[-1]
    project.stage_before_hold = stages[-2] if stages[-1] == Stage.ON_HOLD else ""
    project.stage_changed_at = timezone.make_aware(datetime.combine(dates[-1], time(12)))
    _save(project)
    if created:
        StageChange.objects.bulk_create([
            StageChange(project=project, from_stage=stages[i - 1] if i else "", to_stage=stage, effective_date=day,
                        note=_("Historique de démonstration."))
            for i, (stage, day) in enumerate(zip(stages, dates, strict=True))
        ])
        FundingLine.objects.bulk_create([FundingLine(project=project, source=s, amount_tnd=a, note=n) for s, a, n in funding])
        Promoter.objects.bulk_create([Promoter(project=project, organisation=o, is_lead=lead) for o, lead in promoters])
    return project
