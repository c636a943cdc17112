"""Writes of proposals: making them (or saving them as drafts to publish later) and editing them, supports,
follows and endorsements, and the municipality's official answer (an accepted proposal joins the project catalogue).

Stored counts (supports, comments, followers, endorsements, proposals) change only here, under a row lock on the
counted object: concurrent requests queue on that row instead of losing an increment.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from madina.core import ratelimit
from madina.core.errors import Invalid, NotAllowed, check_fields
from madina.core.geo import TUNISIA_BOUNDS
from madina.core.permissions import require
from madina.core.sanitize import clean_html, has_words, plain_text
from madina.core.text import search_text
from madina.projects import services as project_services
from madina.projects.models import Intervention, Origin

from .. import rules as r
from ..models import (
    AnswerState,
    Endorsement,
    NotificationKind,
    Process,
    Proposal,
    ProposalFollow,
    ProposalImage,
    ProposalState,
    Support,
)
from ..notifications import notify
from .base import check_rate, locked, set_follow

COORDINATE_STEP = Decimal("0.000001")
# What a person may type, as typed (before the HTML is cleaned): the forms and the API schemas say the same.
PROPOSAL_BODY_MAX = 20_000


@dataclass(frozen=True)
class ImageUpload:
    file: object
    alt: str


def _coordinates(process: Process, latitude, longitude) -> tuple[Decimal, Decimal]:
    """The place, rounded to the stored precision, checked against the municipality's boundary."""
    try:
        lat = Decimal(str(latitude)).quantize(COORDINATE_STEP)
        lon = Decimal(str(longitude)).quantize(COORDINATE_STEP)
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(_("La latitude et la longitude doivent être des nombres.")) from exc
    if not lat.is_finite() or not lon.is_finite():
        raise Invalid(_("La latitude et la longitude doivent être des nombres."))
    west, south, east, north = TUNISIA_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):
        raise Invalid(_("Ce lieu est hors de Tunisie : vérifiez l'ordre latitude puis longitude."))
    boundary = process.municipality.geometry
    if boundary and not shape(boundary).covers(Point(float(lon), float(lat))):
        raise Invalid(
            _("Ce lieu est hors de la municipalité de %(name)s.") % {"name": process.municipality.name}
        )
    return lat, lon


def search_text_of(proposal: Proposal) -> str:
    """What the proposal list searches: its title and the words of its text."""
    return search_text(proposal.title, plain_text(proposal.body))


def _check_images(images) -> None:
    if len(images) > settings.PARTICIPATION_MAX_IMAGES:
        raise Invalid(_("Au plus %(count)d images par proposition.") % {"count": settings.PARTICIPATION_MAX_IMAGES})
    for upload in images:
        if upload.file.size > settings.PARTICIPATION_MAX_IMAGE_BYTES:
            raise Invalid(
                _("Chaque image doit peser au plus %(mb)d Mo.") % {"mb": settings.PARTICIPATION_MAX_IMAGE_BYTES // (1024 * 1024)}
            )
        if not upload.alt.strip():
            raise Invalid(_("Décrivez chaque image en quelques mots pour les personnes qui ne la voient pas."))


def _proposal_body(title: str, body: str) -> str:
    """The text, cleaned, once the proposal has a title and a text of a readable length."""
    if len(body) > PROPOSAL_BODY_MAX:
        raise Invalid(_("Le texte d'une proposition a au plus %(count)d caractères.") % {"count": PROPOSAL_BODY_MAX},
                      field="body")
    body = clean_html(body)
    if not title.strip() or not body.strip():
        raise Invalid(_("Une proposition a un titre et un texte."), field="title" if not title.strip() else "body")
    return body


@transaction.atomic
def create_proposal(process: Process, author, *, title: str, body: str, sector: str, latitude, longitude,
                    images=(), draft: bool = False) -> Proposal:
    """A draft is checked as a published proposal is, but only its author sees it until `publish_draft`."""
    require(r.can_propose, author, process, _("La phase en cours ne permet pas de déposer une proposition."))
    check_rate(
        author, Proposal, settings.PARTICIPATION_PROPOSAL_RATE,
        _("Vous avez déposé %(count)d propositions en %(minutes)d minutes : attendez un peu avant la suivante."),
    )
    _check_images(images)
    lat, lon = _coordinates(process, latitude, longitude)
    body = _proposal_body(title, body)
    proposal = Proposal(
        process=process, author=author, title=title.strip(), body=body, sector=sector, latitude=lat, longitude=lon,
        follower_count=1, state=ProposalState.DRAFT if draft else ProposalState.PUBLISHED,
    )
    check_fields(proposal, "title")
    proposal.search_text = search_text_of(proposal)
    proposal.save()
    for position, upload in enumerate(images):
        ProposalImage.objects.create(proposal=proposal, image=upload.file, alt=upload.alt.strip(), position=position)
    ProposalFollow.objects.create(proposal=proposal, user=author)
    if not draft:
        _count_published(proposal)
    return proposal


def _limit_changes(user) -> None:
    """Publishing a draft, editing and withdrawing one's proposals share one count per person: each rewrites what
    others read (and its search text), so a script looping on them is held back like a script posting."""
    ratelimit.limit(f"proposal-change:user:{user.pk}", settings.PARTICIPATION_CHANGE_RATE,
                    _("Vous avez modifié vos propositions %(count)d fois en %(minutes)d minutes : attendez un peu."))


def _count_published(proposal: Proposal) -> None:
    Process.objects.filter(pk=proposal.process_id).update(proposal_count=F("proposal_count") + 1)
    set_follow(proposal.process, proposal.author, True)


@transaction.atomic
def publish_draft(proposal: Proposal, user) -> Proposal:
    """The draft joins the process's list, dated now: its edit window starts when others can read it."""
    row = locked(proposal)
    require(r.can_publish_draft, user, row,
            _("Seule son autrice ou son auteur publie un brouillon, pendant la phase des propositions."))
    _limit_changes(user)
    proposal.state, proposal.created_at = ProposalState.PUBLISHED, timezone.now()
    proposal.save(update_fields=["state", "created_at", "updated_at"])
    _count_published(proposal)
    return proposal


@transaction.atomic
def edit_proposal(proposal: Proposal, user, *, title: str, body: str, sector: str, latitude, longitude) -> Proposal:
    require(
        r.can_edit_proposal, user, proposal,
        _("Cette proposition ne peut plus être modifiée (délai écoulé ou phase terminée)."),
    )
    _limit_changes(user)
    lat, lon = _coordinates(proposal.process, latitude, longitude)
    body = _proposal_body(title, body)
    proposal.title, proposal.body, proposal.sector = title.strip(), body, sector
    check_fields(proposal, "title")
    proposal.latitude, proposal.longitude = lat, lon
    proposal.search_text = search_text_of(proposal)
    proposal.save(update_fields=["title", "body", "sector", "latitude", "longitude", "search_text", "updated_at"])
    return proposal


@transaction.atomic
def withdraw_proposal(proposal: Proposal, user) -> Proposal:
    """Checked on the locked row: two withdrawals at once (a double click) must not both take one off the count."""
    row = locked(proposal)
    require(r.can_withdraw_proposal, user, row, _("Seule son autrice ou son auteur peut retirer une proposition."))
    _limit_changes(user)
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state", "updated_at"])
    Process.objects.filter(pk=proposal.process_id).update(proposal_count=F("proposal_count") - 1)
    return proposal


@dataclass(frozen=True)
class SupportResult:
    supported: bool
    support_count: int


def _limit_supports(user) -> None:
    ratelimit.limit(
        f"support:user:{user.pk}", settings.PARTICIPATION_SUPPORT_RATE,
        _("Vous avez soutenu ou retiré %(count)d soutiens en %(minutes)d minutes : attendez un peu."),
    )


@transaction.atomic
def support(proposal: Proposal, user) -> SupportResult:
    """Idempotent: supporting twice keeps one support. The lock makes the exists-then-insert check exact; the
    unique constraint is the last guard should anything bypass this function."""
    row = locked(proposal)
    require(r.can_support, user, row, _("La phase en cours ne permet pas de soutenir des propositions."))
    _limit_supports(user)
    if Support.objects.filter(proposal=row, user=user).exists():
        return SupportResult(True, row.support_count)
    try:
        with transaction.atomic():
            Support.objects.create(proposal=row, user=user)
    except IntegrityError:
        return SupportResult(True, row.support_count)
    Proposal.objects.filter(pk=row.pk).update(support_count=F("support_count") + 1)
    proposal.support_count = row.support_count + 1
    return SupportResult(True, proposal.support_count)


@transaction.atomic
def unsupport(proposal: Proposal, user) -> SupportResult:
    row = locked(proposal)
    require(r.can_support, user, row, _("La phase en cours ne permet plus de retirer un soutien."))
    _limit_supports(user)
    deleted, _details = Support.objects.filter(proposal=row, user=user).delete()
    count = row.support_count
    if deleted:
        Proposal.objects.filter(pk=row.pk).update(support_count=F("support_count") - 1)
        count -= 1
    proposal.support_count = count
    return SupportResult(False, count)


@transaction.atomic
def follow(followed: Process | Proposal, user) -> bool:
    """Follow a process (told when each phase starts) or a proposal (told of replies and answers)."""
    require(r.can_follow, user, followed, _("Connectez-vous pour suivre une concertation ou une proposition."))
    ratelimit.limit_follows(user)
    return set_follow(followed, user, True)


@transaction.atomic
def unfollow(followed: Process | Proposal, user) -> bool:
    require(r.can_follow, user, followed, _("Connectez-vous pour suivre une concertation ou une proposition."))
    ratelimit.limit_follows(user)
    return set_follow(followed, user, False)


@transaction.atomic
def endorse(proposal: Proposal, user, organisation: str) -> Endorsement:
    row = locked(proposal)
    require(r.can_endorse, user, row, _("La phase en cours ne permet pas d'appuyer des propositions."))
    ratelimit.limit(f"endorsement:user:{user.pk}", settings.PARTICIPATION_ENDORSEMENT_RATE,
                    _("Vous avez appuyé %(count)d propositions en %(minutes)d minutes : attendez un peu."))
    if not organisation.strip():
        raise Invalid(_("Indiquez au nom de quelle organisation vous appuyez cette proposition."), field="organisation")
    check_fields(Endorsement(organisation=organisation.strip()), "organisation")
    endorsement, created = Endorsement.objects.get_or_create(
        proposal=row, user=user, defaults={"organisation": organisation.strip()}
    )
    if created:
        Proposal.objects.filter(pk=row.pk).update(endorsement_count=F("endorsement_count") + 1)
    return endorsement


# Official answers ----------------------------------------------------------------------------------------------


@transaction.atomic
def answer_proposal(proposal: Proposal, staff, state: str, reason: str, *, project=None,
                    new_project: NewProject | None = None) -> Proposal:
    """Staff answer: evaluating, accepted or rejected, always with reasons; author and followers hear of it.

    An accepted proposal joins an existing catalogue project of the municipality (`project`) or becomes a new
    one (`new_project`), created by the catalogue's own service so that its rules and history apply.
    """
    row = locked(proposal)
    require(r.can_answer, staff, row, _("Vous ne pouvez pas répondre à cette proposition maintenant."))
    if state not in AnswerState.values:
        raise Invalid(_("Réponse inconnue."), field="state")
    reason = clean_html(reason)
    if not has_words(reason):  # "<p>&nbsp;</p>" would be published and mailed as an empty answer
        raise Invalid(_("Une réponse officielle donne ses motifs."), field="reason")
    if state == AnswerState.ACCEPTED:
        proposal.project = _catalogue_project(proposal, staff, project, new_project)
    elif project is not None or new_project is not None:
        raise Invalid(_("Seule une proposition retenue rejoint le catalogue des projets."))
    proposal.answer_state, proposal.answer = state, reason
    proposal.answered_at, proposal.answered_by = timezone.now(), staff
    proposal.save(update_fields=["answer_state", "answer", "answered_at", "answered_by", "project", "updated_at"])
    followers = set(ProposalFollow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    followers.discard(staff.pk)
    notify(sorted(followers), NotificationKind.ANSWER, proposal.process, proposal=proposal)
    return proposal


@dataclass(frozen=True)
class NewProject:
    """What staff choose when an accepted proposal becomes a catalogue project; the rest comes from the proposal."""

    intervention: str = Intervention.CITY_WIDE


def _catalogue_project(proposal: Proposal, staff, project, new_project: NewProject | None):
    process = proposal.process
    if project is not None and new_project is not None:
        raise Invalid(_("Choisissez un projet existant ou un nouveau projet, pas les deux."))
    if project is not None:
        if project.municipality_id != process.municipality_id:
            raise Invalid(_("Ce projet n'est pas un projet de la municipalité de la concertation."))
        return project
    if new_project is None:
        return proposal.project
    try:
        return project_services.create_project(
            staff,
            title_fr=proposal.title,
            description_fr=proposal.body,
            municipality=process.municipality,
            perimeter=None if new_project.intervention == Intervention.CITY_WIDE else process.perimeter,
            sector=proposal.sector,
            intervention=new_project.intervention,
            origin=Origin.CITIZEN_PROPOSAL,
            origin_note=_("Proposition citoyenne « %(title)s » (concertation %(process)s)")
            % {"title": proposal.title, "process": process.title},
            geometry={"type": "Point", "coordinates": [float(proposal.longitude), float(proposal.latitude)]},
        )
    except NotAllowed as exc:
        raise NotAllowed(_("Vous ne pouvez pas créer de projet au catalogue pour cette municipalité.")) from exc
    except Invalid as exc:
        raise Invalid(errors=exc.errors) from exc
