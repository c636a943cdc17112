"""Writes of a process: setting it up (its places, its texts, publishing), its dated phases, following it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madina.core import pictures
from madina.core.errors import Invalid
from madina.core.permissions import person, require
from madina.core.sanitize import clean_html

from .. import rules as r
from ..models import Phase, Process
from ..notifications import schedule_announcement
from ..phases import PhaseKind
from .base import lock

NOT_MANAGER = gettext_lazy("Vous ne gérez pas cette concertation.")


def _check_places(municipality, perimeter, project) -> None:
    if perimeter is not None and perimeter.municipality_id != municipality.pk:
        raise Invalid(_("Le périmètre choisi n'appartient pas à cette municipalité."), field="perimeter")
    if project is not None and project.municipality_id != municipality.pk:
        raise Invalid(_("Ce projet n'est pas un projet de la municipalité de la concertation."), field="project")


def _translated_fields(title: str, description: str, translations: dict) -> dict:
    """`title` and `description` are the French text whatever language the page was read in; the other
    locales come as title_ar, description_en... Descriptions are rich text, cleaned here."""
    fields = {"title_fr": title, "description_fr": description, **translations}
    return {k: clean_html(v or "") if k.startswith("description") else (v or "") for k, v in fields.items()}


def unused_slug(title: str) -> str:
    """A readable address from the French title, numbered when another process already has it."""
    base = slugify(title)[:80].strip("-") or "concertation"
    slug, n = base, 2
    while Process.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_process(user, *, municipality, slug: str, title: str, description: str = "", perimeter=None,
                   project=None, is_published: bool = True, **translations) -> Process:
    """`translations` takes the other locales' columns (title_ar, description_en...). Whoever opens a process
    manages its municipality."""
    require(r.can_create_process_in, user, municipality,
            _("Vous ne gérez pas cette municipalité : vous ne pouvez pas y ouvrir de concertation."))
    _check_places(municipality, perimeter, project)
    return Process.objects.create(
        municipality=municipality, slug=slug, perimeter=perimeter, project=project, created_by=person(user),
        is_published=is_published, **_translated_fields(title, description, translations),
    )


@transaction.atomic
def edit_process(process: Process, user, *, title: str, description: str = "", perimeter=None, project=None,
                 **translations) -> Process:
    """The municipality stays: proposals were placed inside its boundary."""
    require(r.can_manage_process, user, process, NOT_MANAGER)
    _check_places(process.municipality, perimeter, project)
    fields = {**_translated_fields(title, description, translations), "perimeter": perimeter, "project": project}
    for name, value in fields.items():
        setattr(process, name, value)
    process.save(update_fields=list(fields))  # the stored counts stay as the services keep them
    return process


@transaction.atomic
def set_picture(process: Process, user, **change) -> Process:
    """The process's picture on its page and its card (core.pictures checks and cleans the file)."""
    require(r.can_manage_process, user, process, NOT_MANAGER)
    pictures.apply(process, **change)
    return process


@transaction.atomic
def set_published(process: Process, user, published: bool) -> Process:
    """An unpublished process is a draft its staff prepare; citizens neither see it nor act in it."""
    require(r.can_manage_process, user, process, NOT_MANAGER)
    Process.objects.filter(pk=process.pk).update(is_published=published)
    process.is_published = published
    return process


# Phases --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseChange:
    """What an edit would make of a phase; a deletion is no change at all (None)."""

    kind: str
    starts_at: datetime
    ends_at: datetime


# Apps above participation keep a phase they depend on by registering a guard here at start-up (budgeting: the
# vote phase of a budget that already holds ballots). A guard raises a core.errors refusal, or returns.
PHASE_GUARDS: list[Callable[[Phase, PhaseChange | None], None]] = []


def _check_phase(process: Process, change: PhaseChange, *, exclude: Phase | None = None) -> None:
    """Phases of a process never overlap, so "the current phase" always has one answer; a process holds one
    budget vote at most, so "the vote phase" has one answer too."""
    if change.kind not in PhaseKind.values:
        raise Invalid(_("Type de phase inconnu."), field="kind")
    if change.ends_at <= change.starts_at:
        raise Invalid(_("Une phase doit finir après avoir commencé."), field="ends_at")
    lock(process)
    others = process.phases.exclude(pk=exclude.pk) if exclude is not None else process.phases.all()
    if others.filter(starts_at__lt=change.ends_at, ends_at__gt=change.starts_at).exists():
        raise Invalid(_("Cette phase chevauche une autre phase de la concertation."), field="starts_at")
    if change.kind == PhaseKind.BUDGET_VOTE and others.filter(kind=PhaseKind.BUDGET_VOTE).exists():
        raise Invalid(_("Cette concertation a déjà une phase de vote du budget."), field="kind")


@transaction.atomic
def add_phase(process: Process, user, kind: str, starts_at, ends_at) -> Phase:
    require(r.can_manage_process, user, process, NOT_MANAGER)
    _check_phase(process, PhaseChange(kind, starts_at, ends_at))
    phase = Phase.objects.create(process=process, kind=kind, starts_at=starts_at, ends_at=ends_at)
    schedule_announcement(phase)
    return phase


@transaction.atomic
def edit_phase(phase: Phase, user, *, kind: str, starts_at, ends_at) -> Phase:
    """A phase moved to a later start is announced again when it starts."""
    require(r.can_manage_process, user, phase.process, NOT_MANAGER)
    change = PhaseChange(kind, starts_at, ends_at)
    _check_phase(phase.process, change, exclude=phase)
    for guard in PHASE_GUARDS:
        guard(phase, change)
    announce_again = starts_at != phase.starts_at and starts_at > timezone.now()
    phase.kind, phase.starts_at, phase.ends_at = kind, starts_at, ends_at
    edited = ["kind", "starts_at", "ends_at"]
    if announce_again:
        phase.announced_at = None
        edited.append("announced_at")
    phase.save(update_fields=edited)  # an announcement made meanwhile is not undone
    if announce_again:
        schedule_announcement(phase)
    return phase


@transaction.atomic
def delete_phase(phase: Phase, user) -> None:
    require(r.can_manage_process, user, phase.process, NOT_MANAGER)
    lock(phase.process)
    for guard in PHASE_GUARDS:
        guard(phase, None)
    phase.delete()
