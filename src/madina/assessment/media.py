"""Evidence files are as private as the answers they support: the municipality's staff and the reviewers."""

import os

from django.http import Http404

from madina.core.media import Served

from .models import Evidence
from .rules import can_read_answers

FOLDER = "assessment/"


def evidence(request, name: str) -> Served:
    item = Evidence.objects.filter(file=name).select_related("assessment__municipality").first()
    if item is None or not can_read_answers.test(request.user, item.assessment):
        raise Http404
    return Served(public=False, download_as=os.path.basename(item.file.name))
