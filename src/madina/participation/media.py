"""Who may see a proposal's image (core.media asks): everyone while the proposal shows, its author and the
process's moderators once moderation has hidden it, its process's staff while the process is unpublished — the
same people as its page."""

from django.http import Http404

from madina.core.media import Served
from madina.core.models import without_boundaries

from . import rules as r
from .models import Process, ProposalImage

FOLDER = "participation/proposals/"
PICTURES = "participation/pictures/"


def proposal_image(request, name: str) -> Served:
    image = ProposalImage.objects.select_related("proposal__process").filter(image=name).first()
    if image is None:
        raise Http404
    proposal = image.proposal
    if not r.can_see_in_process.test(request.user, proposal):
        raise Http404  # a proposal of an unpublished process: its process's staff only, as its page
    if proposal.is_hidden and not r.can_see_hidden_proposal.test(request.user, proposal):
        raise Http404
    return Served(public=proposal.process.is_published and not proposal.is_hidden)


def process_picture(request, name: str) -> Served:
    """A process's picture: everyone's once the process is published, its staff's before, as its page."""
    process = (Process.objects.select_related("municipality").defer(*without_boundaries("municipality"))
               .filter(image=name).first())
    if process is None:
        raise Http404
    if not process.is_published and not r.can_manage_process.test(request.user, process):
        raise Http404
    return Served(public=process.is_published)
