"""Writes of the co-construction: one function per use case, each in one transaction.

Services check permissions themselves (rules.py), so the pages and the API cannot disagree on who may do what.
Stored counts (supports, comments, followers, endorsements, reports, proposals) change only here, under a row
lock on the counted object: concurrent requests queue on that row instead of losing an increment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from madina.core.geo import TUNISIA_BOUNDS
from madina.core.sanitize import clean_html, plain_text
from madina.core.text import search_text
from madina.projects import services as project_services
from madina.projects.models import Intervention, Origin

from . import rules as r
from .errors import InvalidInput, NotAllowed, RateLimited
from .models import (
    AnswerState,
    Comment,
    Endorsement,
    ModerationAction,
    ModerationLog,
    NotificationKind,
    Phase,
    Process,
    ProcessFollow,
    Proposal,
    ProposalFollow,
    ProposalImage,
    ProposalState,
    Report,
    Support,
)
from .notifications import notify, schedule_announcement
from .phases import PhaseKind

COORDINATE_STEP = Decimal("0.000001")


def _require(predicate, user, obj, message) -> None:
    if not predicate.test(user, obj):
        raise NotAllowed(message)


def _lock(obj) -> None:
    """Lock the row of a process, proposal or comment until the transaction ends; the caller keeps its copy."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).first()


# Processes and phases ------------------------------------------------------------------------------------------


def _check_places(municipality, perimeter, project) -> None:
    if perimeter is not None and perimeter.municipality_id != municipality.pk:
        raise InvalidInput(_("Le périmètre choisi n'appartient pas à cette municipalité."))
    if project is not None and project.municipality_id != municipality.pk:
        raise InvalidInput(_("Ce projet n'est pas un projet de la municipalité de la concertation."))


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
def create_process(*, municipality, slug: str, title: str, description: str = "", perimeter=None, project=None,
                   created_by=None, is_published: bool = True, **translations) -> Process:
    """`translations` takes the other locales' columns (title_ar, description_en...). When `created_by` is given
    (the site's form), that person must manage the municipality."""
    if created_by is not None:
        _require(r.can_create_process_in, created_by, municipality,
                 _("Vous ne gérez pas cette municipalité : vous ne pouvez pas y ouvrir de concertation."))
    _check_places(municipality, perimeter, project)
    return Process.objects.create(
        municipality=municipality, slug=slug, perimeter=perimeter, project=project, created_by=created_by,
        is_published=is_published, **_translated_fields(title, description, translations),
    )


@transaction.atomic
def edit_process(process: Process, user, *, title: str, description: str = "", perimeter=None, project=None,
                 **translations) -> Process:
    """The municipality stays: proposals were placed inside its boundary."""
    _require(r.can_manage_process, user, process, _("Vous ne gérez pas cette concertation."))
    _check_places(process.municipality, perimeter, project)
    for name, value in _translated_fields(title, description, translations).items():
        setattr(process, name, value)
    process.perimeter, process.project = perimeter, project
    process.save()
    return process


@transaction.atomic
def set_published(process: Process, user, published: bool) -> Process:
    """An unpublished process is a draft its staff prepare; citizens neither see it nor act in it."""
    _require(r.can_manage_process, user, process, _("Vous ne gérez pas cette concertation."))
    Process.objects.filter(pk=process.pk).update(is_published=published)
    process.is_published = published
    return process


def _check_phase(process: Process, kind: str, starts_at, ends_at, *, exclude=None) -> None:
    """Phases of a process never overlap, so "the current phase" always has one answer."""
    if kind not in PhaseKind.values:
        raise InvalidInput(_("Type de phase inconnu."))
    if ends_at <= starts_at:
        raise InvalidInput(_("Une phase doit finir après avoir commencé."))
    _lock(process)
    others = process.phases.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise InvalidInput(_("Cette phase chevauche une autre phase de la concertation."))


@transaction.atomic
def add_phase(process: Process, kind: str, starts_at, ends_at, *, user=None) -> Phase:
    """`user` is given by the site's pages: that person must manage the process."""
    if user is not None:
        _require(r.can_manage_process, user, process, _("Vous ne gérez pas cette concertation."))
    _check_phase(process, kind, starts_at, ends_at)
    phase = Phase.objects.create(process=process, kind=kind, starts_at=starts_at, ends_at=ends_at)
    schedule_announcement(phase)
    return phase


@transaction.atomic
def edit_phase(phase: Phase, user, *, kind: str, starts_at, ends_at) -> Phase:
    """A phase moved to a later start is announced again when it starts."""
    _require(r.can_manage_process, user, phase.process, _("Vous ne gérez pas cette concertation."))
    _check_phase(phase.process, kind, starts_at, ends_at, exclude=phase)
    announce_again = starts_at != phase.starts_at and starts_at > timezone.now()
    phase.kind, phase.starts_at, phase.ends_at = kind, starts_at, ends_at
    if announce_again:
        phase.announced_at = None
    phase.save()
    if announce_again:
        schedule_announcement(phase)
    return phase


# Apps above participation keep a phase they depend on by registering a guard here (budgeting: the budget-vote
# phase of a budget that already has ballots). A guard returns the reason to refuse, or None.
PHASE_DELETION_GUARDS: list[Callable[[Phase], str | None]] = []


@transaction.atomic
def delete_phase(phase: Phase, user) -> None:
    _require(r.can_manage_process, user, phase.process, _("Vous ne gérez pas cette concertation."))
    _lock(phase.process)
    for guard in PHASE_DELETION_GUARDS:
        reason = guard(phase)
        if reason:
            raise NotAllowed(reason)
    phase.delete()


_FOLLOWS = {Process: (ProcessFollow, "process"), Proposal: (ProposalFollow, "proposal")}


def _set_follow(followed: Process | Proposal, user, following: bool) -> bool:
    """Start or stop following a process or a proposal, keeping its follower_count; True when something changed."""
    model = type(followed)
    follows, field = _FOLLOWS[model]
    _lock(followed)
    link = {field: followed, "user": user}
    if following:
        _follow, changed = follows.objects.get_or_create(**link)
    else:
        changed = follows.objects.filter(**link).delete()[0] > 0
    if changed:
        model.objects.filter(pk=followed.pk).update(follower_count=F("follower_count") + (1 if following else -1))
    return changed


@transaction.atomic
def follow_process(process: Process, user) -> bool:
    _require(r.can_follow, user, process, _("Connectez-vous pour suivre la concertation."))
    return _set_follow(process, user, True)


@transaction.atomic
def unfollow_process(process: Process, user) -> bool:
    return _set_follow(process, user, False)


# Proposals -----------------------------------------------------------------------------------------------------


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
        raise InvalidInput(_("La latitude et la longitude doivent être des nombres.")) from exc
    if not lat.is_finite() or not lon.is_finite():
        raise InvalidInput(_("La latitude et la longitude doivent être des nombres."))
    west, south, east, north = TUNISIA_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):
        raise InvalidInput(_("Ce lieu est hors de Tunisie : vérifiez l'ordre latitude puis longitude."))
    boundary = process.municipality.geometry
    if boundary and not shape(boundary).covers(Point(float(lon), float(lat))):
        raise InvalidInput(
            _("Ce lieu est hors de la municipalité de %(name)s.") % {"name": process.municipality.name}
        )
    return lat, lon


def _search_text(title: str, body: str) -> str:
    return search_text(title, plain_text(body))


def _check_rate(queryset, rate: tuple[int, int], message: str) -> None:
    """`rate` is a (count, minutes) setting: at most `count` rows in the last `minutes`."""
    count, minutes = rate
    if queryset.filter(created_at__gte=timezone.now() - timedelta(minutes=minutes)).count() >= count:
        raise RateLimited(message % {"count": count, "minutes": minutes})


def _check_images(images) -> None:
    if len(images) > settings.PARTICIPATION_MAX_IMAGES:
        raise InvalidInput(_("Au plus %(count)d images par proposition.") % {"count": settings.PARTICIPATION_MAX_IMAGES})
    for upload in images:
        if upload.file.size > settings.PARTICIPATION_MAX_IMAGE_BYTES:
            raise InvalidInput(
                _("Chaque image doit peser au plus %(mb)d Mo.") % {"mb": settings.PARTICIPATION_MAX_IMAGE_BYTES // (1024 * 1024)}
            )
        if not upload.alt.strip():
            raise InvalidInput(_("Décrivez chaque image en quelques mots pour les personnes qui ne la voient pas."))


@transaction.atomic
def create_proposal(process: Process, author, *, title: str, body: str, sector: str, latitude, longitude,
                    images=()) -> Proposal:
    _require(r.can_propose, author, process, _("La phase en cours ne permet pas de déposer une proposition."))
    _check_rate(
        Proposal.objects.filter(author=author), settings.PARTICIPATION_PROPOSAL_RATE,
        _("Vous avez déposé %(count)d propositions en %(minutes)d minutes : attendez un peu avant la suivante."),
    )
    _check_images(images)
    lat, lon = _coordinates(process, latitude, longitude)
    body = clean_html(body)
    if not title.strip() or not body.strip():
        raise InvalidInput(_("Une proposition a un titre et un texte."))
    proposal = Proposal.objects.create(
        process=process, author=author, title=title.strip(), body=body, sector=sector, latitude=lat, longitude=lon,
        follower_count=1, search_text=_search_text(title, body),
    )
    for position, upload in enumerate(images):
        ProposalImage.objects.create(proposal=proposal, image=upload.file, alt=upload.alt.strip(), position=position)
    ProposalFollow.objects.create(proposal=proposal, user=author)
    Process.objects.filter(pk=process.pk).update(proposal_count=F("proposal_count") + 1)
    _set_follow(process, author, True)
    return proposal


@transaction.atomic
def edit_proposal(proposal: Proposal, user, *, title: str, body: str, sector: str, latitude, longitude) -> Proposal:
    _require(
        r.can_edit_proposal, user, proposal,
        _("Cette proposition ne peut plus être modifiée (délai écoulé ou phase terminée)."),
    )
    lat, lon = _coordinates(proposal.process, latitude, longitude)
    body = clean_html(body)
    if not title.strip() or not body.strip():
        raise InvalidInput(_("Une proposition a un titre et un texte."))
    proposal.title, proposal.body, proposal.sector = title.strip(), body, sector
    proposal.latitude, proposal.longitude = lat, lon
    proposal.search_text = _search_text(title, body)
    proposal.save(update_fields=["title", "body", "sector", "latitude", "longitude", "search_text", "updated_at"])
    return proposal


@transaction.atomic
def withdraw_proposal(proposal: Proposal, user) -> Proposal:
    _require(r.can_withdraw_proposal, user, proposal, _("Seule son autrice ou son auteur peut retirer une proposition."))
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state", "updated_at"])
    Process.objects.filter(pk=proposal.process_id).update(proposal_count=F("proposal_count") - 1)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """The proposal row, locked until the transaction ends; the caller's copy keeps its loaded process."""
    locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    locked.process = proposal.process
    return locked


@dataclass(frozen=True)
class SupportResult:
    supported: bool
    support_count: int


@transaction.atomic
def support(proposal: Proposal, user) -> SupportResult:
    """Idempotent: supporting twice keeps one support. The lock makes the exists-then-insert check exact; the
    unique constraint is the last guard should anything bypass this function."""
    locked = _locked(proposal)
    _require(r.can_support, user, locked, _("La phase en cours ne permet pas de soutenir des propositions."))
    if Support.objects.filter(proposal=locked, user=user).exists():
        return SupportResult(True, locked.support_count)
    try:
        with transaction.atomic():
            Support.objects.create(proposal=locked, user=user)
    except IntegrityError:
        return SupportResult(True, locked.support_count)
    Proposal.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    proposal.support_count = locked.support_count + 1
    return SupportResult(True, proposal.support_count)


@transaction.atomic
def unsupport(proposal: Proposal, user) -> SupportResult:
    locked = _locked(proposal)
    _require(r.can_support, user, locked, _("La phase en cours ne permet plus de retirer un soutien."))
    deleted, _details = Support.objects.filter(proposal=locked, user=user).delete()
    count = locked.support_count
    if deleted:
        Proposal.objects.filter(pk=locked.pk).update(support_count=F("support_count") - 1)
        count -= 1
    proposal.support_count = count
    return SupportResult(False, count)


@transaction.atomic
def follow(proposal: Proposal, user) -> bool:
    _require(r.can_follow, user, proposal, _("Connectez-vous pour suivre une proposition."))
    return _set_follow(proposal, user, True)


@transaction.atomic
def unfollow(proposal: Proposal, user) -> bool:
    return _set_follow(proposal, user, False)


@transaction.atomic
def endorse(proposal: Proposal, user, organisation: str) -> Endorsement:
    locked = _locked(proposal)
    _require(r.can_endorse, user, locked, _("La phase en cours ne permet pas d'appuyer des propositions."))
    if not organisation.strip():
        raise InvalidInput(_("Indiquez au nom de quelle organisation vous appuyez cette proposition."))
    endorsement, created = Endorsement.objects.get_or_create(
        proposal=locked, user=user, defaults={"organisation": organisation.strip()}
    )
    if created:
        Proposal.objects.filter(pk=locked.pk).update(endorsement_count=F("endorsement_count") + 1)
    return endorsement


# Comments ------------------------------------------------------------------------------------------------------


def _post_comment(proposal: Proposal, author, body: str, parent: Comment | None) -> Comment:
    locked = _locked(proposal)
    _require(r.can_comment, author, locked, _("La phase en cours ne permet pas de commenter."))
    _check_rate(
        Comment.objects.filter(author=author), settings.PARTICIPATION_COMMENT_RATE,
        _("Vous avez publié %(count)d commentaires en %(minutes)d minutes : attendez un peu avant le suivant."),
    )
    body = clean_html(body)
    if not body.strip():
        raise InvalidInput(_("Un commentaire ne peut pas être vide."))
    comment = Comment.objects.create(proposal=locked, author=author, body=body, parent=parent)
    Proposal.objects.filter(pk=locked.pk).update(comment_count=F("comment_count") + 1)
    proposal.comment_count = locked.comment_count + 1
    return comment


@transaction.atomic
def comment(proposal: Proposal, author, body: str) -> Comment:
    return _post_comment(proposal, author, body, None)


@transaction.atomic
def reply(parent: Comment, author, body: str) -> Comment:
    """Replies stay one level deep: a reply to a reply joins its thread."""
    if parent.is_hidden:
        raise NotAllowed(_("Ce commentaire est masqué : on ne peut pas y répondre."))
    thread = parent.parent if parent.parent_id else parent
    created = _post_comment(parent.proposal, author, body, thread)
    if parent.author_id and parent.author_id != author.pk:
        notify([parent.author_id], NotificationKind.REPLY, parent.proposal.process, proposal=parent.proposal)
    return created


# Official answers ----------------------------------------------------------------------------------------------


@transaction.atomic
def answer_proposal(proposal: Proposal, staff, state: str, reason: str, *, project=None,
                    new_project: NewProject | None = None) -> Proposal:
    """Staff answer: evaluating, accepted or rejected, always with reasons; author and followers hear of it.

    An accepted proposal joins an existing catalogue project of the municipality (`project`) or becomes a new
    one (`new_project`), created by the catalogue's own service so that its rules and history apply.
    """
    locked = _locked(proposal)
    _require(r.can_answer, staff, locked, _("Vous ne pouvez pas répondre à cette proposition maintenant."))
    if state not in AnswerState.values:
        raise InvalidInput(_("Réponse inconnue."))
    reason = clean_html(reason)
    if state != AnswerState.EVALUATING and not reason.strip():
        raise InvalidInput(_("Une réponse officielle donne ses motifs."))
    if state == AnswerState.ACCEPTED:
        proposal.project = _catalogue_project(proposal, staff, project, new_project)
    elif project is not None or new_project is not None:
        raise InvalidInput(_("Seule une proposition retenue rejoint le catalogue des projets."))
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
        raise InvalidInput(_("Choisissez un projet existant ou un nouveau projet, pas les deux."))
    if project is not None:
        if project.municipality_id != process.municipality_id:
            raise InvalidInput(_("Ce projet n'est pas un projet de la municipalité de la concertation."))
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
    except PermissionDenied as exc:
        raise NotAllowed(_("Vous ne pouvez pas créer de projet au catalogue pour cette municipalité.")) from exc
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc


# Moderation ----------------------------------------------------------------------------------------------------


def _content_and_model(content):
    return (Proposal, {"proposal": content}) if isinstance(content, Proposal) else (Comment, {"comment": content})


@transaction.atomic
def report(content, reporter, reason: str, details: str = "") -> Report:
    """One report per person and content; reaching the threshold hides the content until a moderator decides."""
    model, target = _content_and_model(content)
    _require(r.can_report, reporter, content, _("Vous ne pouvez pas signaler ce contenu."))
    locked = model.objects.select_for_update().get(pk=content.pk)
    existing = Report.objects.filter(reporter=reporter, **target).first()
    if existing:
        return existing
    created = Report.objects.create(reporter=reporter, reason=reason, details=details.strip(), **target)
    model.objects.filter(pk=locked.pk).update(report_count=F("report_count") + 1)
    content.report_count = locked.report_count + 1
    pending = Report.objects.filter(resolved_at__isnull=True, **target).count()
    if not locked.is_hidden and pending >= settings.PARTICIPATION_AUTO_HIDE_REPORTS:
        model.objects.filter(pk=locked.pk).update(is_hidden=True)
        content.is_hidden = True
        ModerationLog.objects.create(
            action=ModerationAction.AUTO_HIDE, reason=_("%(count)d signalements") % {"count": pending}, **target
        )
    return created


def _moderate(content, moderator, reason: str, action: str, hidden: bool | None):
    model, target = _content_and_model(content)
    _require(r.can_moderate, moderator, content, _("Seuls les modérateurs peuvent faire cela."))
    if not reason.strip():
        raise InvalidInput(_("Donnez le motif de votre décision : il est gardé au journal de modération."))
    _lock(content)
    if hidden is not None:
        model.objects.filter(pk=content.pk).update(is_hidden=hidden)
        content.is_hidden = hidden
    Report.objects.filter(resolved_at__isnull=True, **target).update(resolved_at=timezone.now())
    return ModerationLog.objects.create(actor=moderator, action=action, reason=reason.strip(), **target)


@transaction.atomic
def hide(content, moderator, reason: str) -> ModerationLog:
    return _moderate(content, moderator, reason, ModerationAction.HIDE, True)


@transaction.atomic
def restore(content, moderator, reason: str) -> ModerationLog:
    return _moderate(content, moderator, reason, ModerationAction.RESTORE, False)


@transaction.atomic
def dismiss_reports(content, moderator, reason: str) -> ModerationLog:
    """The content stays as it is; its pending reports leave the queue."""
    return _moderate(content, moderator, reason, ModerationAction.DISMISS, None)
