"""A project's photos and documents are public, like the project (core.media asks); documents are downloaded
under their own name."""

import os

from django.http import Http404

from madina.core.media import Served

from .models import Attachment, AttachmentKind

FOLDER = "projects/"
PICTURES = "projects/pictures/"


def attachment(request, name: str) -> Served:
    item = Attachment.objects.filter(file=name).only("kind", "file").first()
    if item is None:
        raise Http404
    return served(item)


def served(item: Attachment) -> Served:
    return Served(public=True, download_as=os.path.basename(item.file.name)
                  if item.kind == AttachmentKind.DOCUMENT else None)
