"""Participation API: processes, proposals (list, detail, create, as a draft then published), supports, comments
and their up/down votes.

Reads are public. Writes take a personal API token (`Authorization: Bearer …`, accounts.tokens) or the browser
session, which needs the CSRF token: send the `csrftoken` cookie's value in the `X-CSRFToken` header. The same services and permission rules as the pages
apply; a refusal is the API's one error schema (core.api): 403 (the phase or role does not allow it), 422
(invalid input), 429 (posting too fast).
"""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from madina.accounts.tokens import API_AUTH
from madina.core.api import Pages, responses
from madina.core.errors import Invalid
from madina.core.schemas import Linked
from madina.projects.models import Sector

from . import queries, services
from . import rules as r
from .models import Comment, Process, Proposal, ProposalState

router = Router(tags=["participation"])


class PhaseOut(Schema):
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ProcessOut(Linked):
    slug: str
    title: str
    municipality: str
    proposal_count: int
    current_phase: PhaseOut | None
    phases: list[PhaseOut]
    image_url: str | None = Field(None, description="its picture (add ?w=320, 640 or 1280 for a smaller copy)")
    image_alt: str = Field("", description="what the picture shows; empty: read the title")

    @staticmethod
    def resolve_image_url(obj):
        return obj.image.url if obj.image else None

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.slug

    @staticmethod
    def resolve_current_phase(obj):
        return obj.current_phase()

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


class ProposalOut(Linked):
    id: int
    process: str
    title: str
    body: str
    sector: str
    latitude: Decimal
    longitude: Decimal
    author: str
    state: str
    answer_state: str
    answer: str
    support_count: int
    comment_count: int
    endorsement_count: int
    created_at: dt.datetime

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector.code

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author) if obj.author_id else ""


class ProposalIn(Schema):
    # Each write's example is one that succeeds for its role on a real object (the docs' "Try it out", and
    # tests/test_api_fuzz.py sends it): coordinates inside Gabès, a sector of the catalogue.
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "title": "Un abri pour l'arrêt de bus", "body": "<p>On attend au soleil en été.</p>", "sector": "MOB",
        "latitude": 33.88, "longitude": 10.1,
    }]})

    title: str = Field(max_length=Proposal._meta.get_field("title").max_length)
    body: str = Field(max_length=services.PROPOSAL_BODY_MAX, description="simple HTML, cleaned when stored")
    sector: str = Field(description="sector code, e.g. MOB")
    latitude: Decimal = Field(ge=30, le=38)
    longitude: Decimal = Field(ge=7, le=12)
    draft: bool = Field(False, description="keep it as a draft, seen by its author only, until published")


class SupportOut(Schema):
    supported: bool
    support_count: int


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    body: str
    is_hidden: bool
    created_at: dt.datetime
    up_count: int
    down_count: int

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author) if obj.author_id else ""

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.is_hidden else obj.body


class CommentIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "Bonne idée, et des arbres aussi."}]})

    body: str = Field(max_length=services.COMMENT_MAX)
    parent: int | None = None


class CommentVoteIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"vote": "up"}]})

    vote: str = Field(pattern="^(up|down|none)$", description="up, down, or none to take one's vote back")


class ProposalQuery(Schema):
    sector: str = ""
    answer: str = ""
    q: str = ""
    sort: str = "recent"


WRITE = (401, 403, 404, 429)


def _visible_proposal(request, pk: int) -> Proposal:
    """Not hidden, not a draft, and its process published unless the person is its staff (rules.can_see_in_process): 404."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("process__municipality", "sector", "author")
        .prefetch_related("process__phases"),
        pk=pk, is_hidden=False, state__in=[ProposalState.PUBLISHED, ProposalState.WITHDRAWN],
    )
    if not r.can_see_in_process.test(request.user, proposal):
        raise Http404
    return proposal


@router.get("/processes", response=responses({200: list[ProcessOut]}), summary="Participatory processes")
def list_processes(request):
    return list(queries.processes())


@router.get("/processes/{slug}", response=responses({200: ProcessOut}, 404), summary="One participatory process")
def get_process(request, slug: str):
    return get_object_or_404(queries.processes(), slug=slug)


@router.get(
    "/processes/{slug}/proposals", response=responses({200: list[ProposalOut]}, 404), summary="Proposals of a process"
)
@paginate(Pages, page_size=20)
def list_proposals(request, slug: str, filters: Query[ProposalQuery]):
    """Published proposals that are not hidden, filtered by sector code, answer state (or `none`), text, and
    sorted by `recent`, `supports` or `comments`."""
    process = get_object_or_404(Process, slug=slug, is_published=True)
    found = queries.proposals(process, queries.ProposalFilters.from_params(filters.dict()))
    return found.select_related("process")


@router.get("/proposals/{pk}", response=responses({200: ProposalOut}, 404), summary="One proposal")
def get_proposal(request, pk: int):
    return _visible_proposal(request, pk)


@router.post(
    "/processes/{slug}/proposals", response=responses({201: ProposalOut}, *WRITE), auth=API_AUTH,
    summary="Make a proposal (session + CSRF)",
)
def create_proposal(request, slug: str, data: ProposalIn):
    process = get_object_or_404(queries.processes(), slug=slug)
    sector = Sector.objects.filter(code=data.sector).first()
    if sector is None:
        raise Invalid(_("Secteur inconnu."), field="sector")
    proposal = services.create_proposal(
        process, request.auth, title=data.title, body=data.body, sector=sector,
        latitude=data.latitude, longitude=data.longitude, draft=data.draft,
    )
    return Status(201, proposal)


@router.post(
    "/proposals/{pk}/publish", response=responses({200: ProposalOut}, *WRITE), auth=API_AUTH,
    summary="Publish my draft proposal (session + CSRF)",
)
def publish_draft(request, pk: int):
    """Another person's draft is not found (404), as on the pages; a published one cannot be published again."""
    proposal = queries.proposal(pk, request.auth)
    return services.publish_draft(proposal, request.auth)


def _set_support(request, pk: int, on: bool):
    proposal = _visible_proposal(request, pk)
    return services.support(proposal, request.auth) if on else services.unsupport(proposal, request.auth)


@router.post(
    "/proposals/{pk}/support", response=responses({200: SupportOut}, *WRITE), auth=API_AUTH,
    summary="Support a proposal (idempotent; session + CSRF)",
)
def support(request, pk: int = Path(..., example=5)):
    return _set_support(request, pk, True)


@router.delete(
    "/proposals/{pk}/support", response=responses({200: SupportOut}, *WRITE), auth=API_AUTH,
    summary="Withdraw my support (session + CSRF)",
)
def unsupport(request, pk: int = Path(..., example=5)):
    return _set_support(request, pk, False)


@router.post(
    "/comments/{pk}/vote", response=responses({200: CommentOut}, *WRITE), auth=API_AUTH,
    summary="Vote a comment up or down, or take the vote back (session + CSRF)",
)
def vote_comment(request, pk: int, data: CommentVoteIn):
    """The pages' service and rate limit: voting the same way twice changes nothing."""
    comment = queries.comment(pk, request.auth)
    return services.vote_comment(comment, request.auth, data.vote)


@router.get("/proposals/{pk}/comments", response=responses({200: list[CommentOut]}, 404), summary="Comments")
def list_comments(request, pk: int):
    proposal = _visible_proposal(request, pk)
    return list(Comment.objects.filter(proposal=proposal).select_related("author").order_by("created_at", "id"))


@router.post(
    "/proposals/{pk}/comments", response=responses({201: CommentOut}, *WRITE), auth=API_AUTH,
    summary="Comment on a proposal or reply to a comment (session + CSRF)",
)
def create_comment(request, pk: int, data: CommentIn):
    proposal = _visible_proposal(request, pk)
    if data.parent is None:
        created = services.comment(proposal, request.auth, data.body)
    else:
        parent = get_object_or_404(Comment, pk=data.parent, proposal=proposal)
        parent.proposal = proposal  # the one already loaded, with its process and phases
        created = services.reply(parent, request.auth, data.body)
    return Status(201, created)
