"""The caravan's part of the site-wide search (core.search): the stops of published editions, by their names
or their municipality's (an edition has a few dozen stops: folded as read, one query)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madina.core.search import Group, columns, folded_group

from .models import Stop


def stops(words: list[str], shown: int) -> list[Group]:
    rows = (Stop.objects.filter(edition__is_published=True).select_related("edition", "municipality")
            .only("order", "date", *columns("name"), "edition__slug", *columns("edition__name"),
                  "municipality__search_text")
            .order_by("-edition__start_date", "order"))
    return [folded_group("stops", _("Étapes de la caravane"), rows, words, shown, field="name",
                         place=lambda s: s.edition.name)]
