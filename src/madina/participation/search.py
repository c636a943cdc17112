"""Participation's part of the site-wide search (core.search): published processes and the proposals anyone
may read on them (published, not hidden by moderation)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madina.core.search import Group, Hit, columns, folded_group

from .models import Process, Proposal, ProposalState


def processes(words: list[str], shown: int) -> list[Group]:
    """Published processes whose title (any language) or municipality's names hold every word. A municipality
    holds a few processes, so they are folded as read: one query."""
    rows = (Process.objects.filter(is_published=True).select_related("municipality")
            .only("slug", *columns("title"), "municipality__search_text", *columns("municipality__name"))
            .order_by("-created_at", "-pk"))
    return [folded_group("processes", _("Concertations"), rows, words, shown, field="title",
                         place=lambda p: p.municipality.name)]


def proposals(words: list[str], shown: int) -> list[Group]:
    """Proposals on their stored folded title and text: a count and the newest few, two queries."""
    rows = Proposal.objects.filter(is_hidden=False, state=ProposalState.PUBLISHED, process__is_published=True)
    for word in words:
        rows = rows.filter(search_text__contains=word)
    count = rows.count()
    first = rows.select_related("process").only(
        "title", "process__slug", *columns("process__title")).order_by("-created_at", "-pk")
    return [Group("proposals", _("Propositions"), count,
                  [Hit(p.title, p.get_absolute_url(), p.process.title) for p in (first[:shown] if count else [])])]
