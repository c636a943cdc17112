"""Who may see a proposal's image (core.media asks): everyone while the proposal shows, its author and the
process's moderators once moderation has hidden it — the same people as its page."""

from django.http import Http404

from madina.core.media import Served

from . import rules as r
from .models import ProposalImage

FOLDER = "participation/proposals/"


def proposal_image(request, name: str) -> Served:
    image = ProposalImage.objects.select_related("proposal__process").filter(image=name).first()
    if image is None:
        raise Http404
    if not image.proposal.is_hidden:
        return Served(public=True)
    if r.can_see_hidden_proposal.test(request.user, image.proposal):
        return Served(public=False)
    raise Http404
