"""The catalogue's part of the site-wide search (core.search): projects, matched exactly as the catalogue's own
`q` filter matches them (stored folded texts, or the municipality's names), so "see all" lists the same ones."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from madina.core.models import without_boundaries
from madina.core.search import Group, Hit

from .models import Project
from .queries import filter_projects


def projects(words: list[str], shown: int) -> list[Group]:
    """A count and the newest few: two queries."""
    q = " ".join(words)
    rows = filter_projects(Project.objects.all(), {"q": q})
    count = rows.count()
    first = (rows.select_related("municipality").defer("geometry", *without_boundaries("municipality"))
             .order_by("-created_at", "-pk")[:shown]) if count else []
    return [Group("projects", _("Projets"), count,
                  [Hit(p.title, p.get_absolute_url(), p.municipality.name) for p in first],
                  f"{reverse('projects:catalogue')}?{urlencode({'q': q})}")]
