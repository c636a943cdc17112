"""Reads for pages and the API. Every list is a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from madina.accounts.models import public_name_key
from madina.core.models import without_boundaries
from madina.core.text import terms
from madina.territory import queries as territory_queries

from . import rules as r
from .models import (
    AnswerState,
    Comment,
    CommentVote,
    Endorsement,
    ModerationLog,
    Notification,
    Phase,
    Process,
    ProcessFollow,
    Proposal,
    ProposalFollow,
    ProposalState,
    Report,
    Support,
)

SORTS = {
    "recent": ("-created_at", "-id"),
    "supports": ("-support_count", "-created_at", "-id"),
    "comments": ("-comment_count", "-created_at", "-id"),
}


def processes():
    return (
        Process.objects.filter(is_published=True)
        .select_related("municipality", "perimeter")
        .defer(*without_boundaries("municipality", "perimeter"))
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at")))
    )


def open_processes(limit: int, now=None) -> list[Process]:
    """Published processes with a phase running now, the one closing soonest first (people can still act on
    it), each with that phase as `phase_now`: two queries whatever the number of processes."""
    now = now or timezone.now()
    running = Phase.objects.filter(process=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now).order_by("ends_at")
    found = list(processes().annotate(closes_at=Subquery(running.values("ends_at")[:1]))
                 .filter(closes_at__isnull=False).order_by("closes_at", "pk")[:limit])
    for row in found:
        row.phase_now = row.current_phase(now)
    return found


def answered_proposals(limit: int):
    """The latest official answers on proposals anyone may read (published, not hidden, process published)."""
    return (
        Proposal.objects.filter(answered_at__isnull=False, is_hidden=False, state=ProposalState.PUBLISHED,
                                process__is_published=True)
        .exclude(answer_state="")
        .select_related("process")
        .only("pk", "title", "answer_state", "answered_at", "process__slug", "process__title",
              *(f"process__title_{lang}" for lang in settings.MODELTRANSLATION_LANGUAGES))
        .order_by("-answered_at", "-pk")[:limit]
    )


def proposal_total() -> int:
    """Proposals on published processes, from the processes' stored counts: one query, no scan of proposals."""
    return Process.objects.filter(is_published=True).aggregate(n=Sum("proposal_count"))["n"] or 0


def process(slug: str) -> Process:
    """A published process; Http404 for a draft or none."""
    return get_object_or_404(processes(), slug=slug)


def process_for_staff(slug: str) -> Process:
    """Drafts too: their staff prepare a process before publishing it."""
    return get_object_or_404(
        Process.objects.select_related("municipality__governorate", "perimeter", "project")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))),
        slug=slug,
    )


def phase_for_staff(pk: int) -> Phase:
    return get_object_or_404(Phase.objects.select_related("process__municipality__governorate"), pk=pk)


def managed_municipalities(user):
    """The municipalities the person may open processes in, by governorate then name."""
    return territory_queries.managed_municipalities(user).select_related("governorate").order_by(
        "governorate__name", "name")


@dataclass(frozen=True)
class ProposalFilters:
    sector: str = ""
    answer: str = ""
    q: str = ""
    sort: str = "recent"

    @classmethod
    def from_params(cls, params) -> ProposalFilters:
        sector = params.get("sector", "")
        answer = params.get("answer", "")
        sort = params.get("sort", "recent")
        return cls(
            sector=sector[:8],
            answer=answer if answer in [*AnswerState.values, "none"] else "",
            q=(params.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "recent",
        )


def proposals(process: Process, filters: ProposalFilters = ProposalFilters()):
    """The public list: published and not hidden. Withdrawn proposals keep their own page but leave the list."""
    qs = Proposal.objects.filter(process=process, is_hidden=False, state=ProposalState.PUBLISHED)
    if filters.sector:
        qs = qs.filter(sector__code=filters.sector)
    if filters.answer == "none":
        qs = qs.filter(answer_state="")
    elif filters.answer:
        qs = qs.filter(answer_state=filters.answer)
    for term in terms(filters.q):
        qs = qs.filter(search_text__contains=term)
    return qs.select_related("author", "sector").order_by(*SORTS[filters.sort])


def supported_ids(user, proposal_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, proposal_id__in=list(proposal_ids)).values_list("proposal_id", flat=True))


def _seen_by(user, obj):
    """`obj` (a proposal or comment), unless its process is unpublished and the user is not its staff: Http404."""
    if not r.can_see_in_process.test(user, obj):
        raise Http404
    return obj


def proposal(pk: int, user) -> Proposal:
    """A proposal as `user` may reach it: Http404 for none, for someone else's draft, or for one of an unpublished
    process but to its staff (a hidden one is still found: its page says so, queries does not decide that)."""
    found = _seen_by(user, get_object_or_404(
        Proposal.objects.select_related("author", "answered_by", "sector", "project", "process__municipality", "process__perimeter")
        .defer(*without_boundaries("process__municipality", "process__perimeter"))
        .prefetch_related("images", "endorsements", Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))),
        pk=pk,
    ))
    if found.state == ProposalState.DRAFT and not (user.is_authenticated and found.author_id == user.pk):
        raise Http404
    return found


def drafts_of(user, process: Process):
    """The person's own drafts in a process, newest first (shown to them alone on the process page)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(process=process, author=user, state=ProposalState.DRAFT).order_by("-updated_at")


COMMENT_SORTS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "supported": ("-score", "-created_at", "-id"),
}


def comment_sort(params) -> str:
    sort = params.get("comments", "oldest")
    return sort if sort in COMMENT_SORTS else "oldest"


def comment_threads(proposal: Proposal, sort: str = "oldest"):
    """Top-level comments in the chosen order (oldest, newest, most supported: up votes less down votes), each
    with its replies oldest first, as a conversation reads: two queries."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return (
        Comment.objects.filter(proposal=proposal, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by(*COMMENT_SORTS[sort])
    )


def comment_votes(user, proposal: Proposal) -> dict[int, int]:
    """The person's vote (+1 or -1) on each comment of the proposal they voted on: one query."""
    if not user.is_authenticated:
        return {}
    return dict(CommentVote.objects.filter(user=user, comment__proposal=proposal).values_list("comment_id", "value"))


def comment(pk: int, user) -> Comment:
    """A comment as `user` may reach it: as `proposal`, its process published or the user its staff."""
    return _seen_by(user, get_object_or_404(
        Comment.objects.select_related("author", "proposal__process__municipality")
        .defer(*without_boundaries("proposal__process__municipality")), pk=pk))


@dataclass(frozen=True)
class Relation:
    supports: bool = False
    follows: bool = False


def relation(user, proposal: Proposal) -> Relation:
    if not user.is_authenticated:
        return Relation()
    return Relation(
        supports=Support.objects.filter(proposal=proposal, user=user).exists(),
        follows=ProposalFollow.objects.filter(proposal=proposal, user=user).exists(),
    )


def follows_process(user, process: Process) -> bool:
    return user.is_authenticated and ProcessFollow.objects.filter(process=process, user=user).exists()


def moderation_queue(municipality_ids=None):
    """Pending reports, oldest first, with their content, restricted to some municipalities when given."""
    qs = Report.objects.filter(resolved_at__isnull=True).select_related(
        "reporter", "proposal__process__municipality", "comment__proposal__process__municipality", "comment__author",
        "proposal__author",
    )
    if municipality_ids is not None:
        qs = qs.filter(
            Q(proposal__process__municipality_id__in=municipality_ids)
            | Q(comment__proposal__process__municipality_id__in=municipality_ids)
        )
    return qs.order_by("created_at", "id")


def moderation_log(municipality_ids=None, limit: int = 50):
    """The latest decisions, restricted to some municipalities' content when given (as the queue is): a
    moderator reads the reasons given in their own territory only."""
    qs = ModerationLog.objects.select_related("actor", "proposal", "comment__proposal")
    if municipality_ids is not None:
        qs = qs.filter(
            Q(proposal__process__municipality_id__in=municipality_ids)
            | Q(comment__proposal__process__municipality_id__in=municipality_ids)
        )
    return qs[:limit]


def notifications_of(user):
    return Notification.objects.filter(recipient=user).select_related("process", "proposal", "phase")


def proposal_points(process: Process) -> dict:
    """GeoJSON of the listed proposals, for the process map."""
    rows = proposals(process).values_list("pk", "title", "latitude", "longitude")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {"name": title, "url": reverse("participation:proposal_detail", kwargs={"pk": pk})},
            }
            for pk, title, lat, lon in rows
        ],
    }


PUBLIC_LIST = 20


def person(name: str):
    """An account by its public name (any case); Http404 for none, an erased or a deactivated one."""
    return get_object_or_404(get_user_model().objects.only("pk", "display_name", "erased_at", "date_joined", "avatar"),
                             name_key=public_name_key(name), erased_at__isnull=True, is_active=True)


def _public_proposals():
    return Proposal.objects.filter(state=ProposalState.PUBLISHED, is_hidden=False, process__is_published=True)


def proposals_by(user):
    """Their latest published proposals that anyone may read."""
    return list(_public_proposals().filter(author=user).select_related("process").order_by("-created_at", "-id")
                [:PUBLIC_LIST])


def comments_by(user):
    """Their latest comments shown under proposals anyone may read."""
    return list(Comment.objects.filter(author=user, is_hidden=False, proposal__in=_public_proposals())
                .select_related("proposal").order_by("-created_at", "-id")[:PUBLIC_LIST])


def endorsements_by(user):
    """Their latest endorsements, with the organisation named, of proposals anyone may read."""
    return list(Endorsement.objects.filter(user=user, proposal__in=_public_proposals())
                .select_related("proposal").order_by("-created_at", "-id")[:PUBLIC_LIST])


ACTIVITY_KEPT = 300  # seconds a process's weekly activity is kept in the shared cache


def activity_by_week(process: Process) -> dict:
    """How many proposals, supports and comments the public sees arrived each week (weeks start on Monday,
    Tunis time): {week's Monday: {"proposals": n, "supports": n, "comments": n}}.

    Counting reads every support of the process (200,000 rows took 1.5 s a page on SQLite), so the answer is kept
    five minutes, and drawn again at once when the process's number of proposals changes: a weekly chart may wait
    that long for the latest supports and comments."""
    key = f"participation:activity:{process.pk}:{process.proposal_count}"
    found = cache.get(key)
    if found is None:
        found = _count_activity_by_week(process)
        cache.set(key, found, ACTIVITY_KEPT)
    return found


def _count_activity_by_week(process: Process) -> dict:
    """In one query."""
    listed = Q(is_hidden=False, state=ProposalState.PUBLISHED)
    parts = [
        Proposal.objects.filter(listed, process=process),
        Support.objects.filter(proposal__process=process, proposal__is_hidden=False,
                               proposal__state=ProposalState.PUBLISHED),
        Comment.objects.filter(proposal__process=process, is_hidden=False, proposal__is_hidden=False,
                               proposal__state=ProposalState.PUBLISHED),
    ]
    weekly = [
        qs.order_by().annotate(week=TruncWeek("created_at"), kind=Value(kind)).values("week", "kind")
        .annotate(n=Count("pk"))
        for kind, qs in zip(("proposals", "supports", "comments"), parts, strict=True)
    ]
    found: dict = {}
    for row in weekly[0].union(*weekly[1:], all=True):
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        found.setdefault(week, {"proposals": 0, "supports": 0, "comments": 0})[row["kind"]] += row["n"]
    return found
