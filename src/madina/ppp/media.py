"""Who may open the PPP catalogue's files. A document released for investors: everyone, or signed-in people,
once the project is open to investors (its staff and the reviewers always). A company's document: the company
and the project's staff and reviewers only; never cached."""


from django.http import Http404

from madina.core.media import Served

from .models import FOR_INVESTORS, Audience, InterestDocument, InvestorDocument
from .rules import follows_up, reads_interest

FOLDER = "ppp/"
SHEETS = "ppp/sheets"  # stored PDF sheets (ppp.sheets), never served from here

INTEREST_DOCUMENTS = InterestDocument.objects.select_related("interest__company",
                                                             "interest__screening__project__municipality")


def served(request, name: str) -> Served:
    if name.startswith("ppp/documents/"):
        item = InvestorDocument.objects.select_related("screening__project__municipality").filter(file=name).first()
        if item is None:
            raise Http404
        return document(request.user, item)
    item = INTEREST_DOCUMENTS.filter(file=name).first()
    if item is None:
        raise Http404
    return interest_document(request.user, item)


def interest_document(user, item: InterestDocument) -> Served:
    """How a company's document is served to `user`, or Http404 when they may not read the interest."""
    if not reads_interest.test(user, item.interest):
        raise Http404
    return Served(public=False, download_as=item.filename)


def document(user, item: InvestorDocument) -> Served:
    """How an investor document is served to `user`, or Http404 when they may not see it."""
    download_as = item.filename
    if item.screening.stage in FOR_INVESTORS:
        if item.audience == Audience.PUBLIC:
            return Served(public=True, download_as=download_as)
        if user.is_authenticated:
            return Served(public=False, download_as=download_as)
    if follows_up.test(user, item.screening):
        return Served(public=False, download_as=download_as)
    raise Http404
