"""Territory's part of the site-wide search (core.search): municipalities on their stored folded names (the
municipality search lists them all), perimeters by their names or their municipality's."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from madina.core.search import Group, Hit, columns, folded_group

from .models import Perimeter
from .queries import search_municipalities


def municipalities(words: list[str], shown: int) -> list[Group]:
    """A count and the first few by name: two queries."""
    q = " ".join(words)
    rows = search_municipalities(q)
    count = rows.count()
    first = rows.order_by("name", "pk")[:shown] if count else []
    return [Group("municipalities", _("Municipalités"), count,
                  [Hit(m.name, m.get_absolute_url(), m.governorate.name) for m in first],
                  f"{reverse('territory:municipality_search')}?{urlencode({'q': q})}")]


def perimeters(words: list[str], shown: int) -> list[Group]:
    """Perimeters are a few per municipality: folded as read, one query without their boundaries."""
    rows = (Perimeter.objects.select_related("municipality")
            .only("slug", *columns("name"), "municipality__search_text", *columns("municipality__name"))
            .order_by("municipality__name", "name"))
    return [folded_group("perimeters", _("Périmètres smart city"), rows, words, shown, field="name",
                         place=lambda p: p.municipality.name)]
