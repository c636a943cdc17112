"""The caravan's part of the site-wide search (core.search): the stops of published editions, by their names
or their municipality's (an edition has a few dozen stops: folded as read, one query)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madina.core.search import Group, Hit, matches

from .models import Stop

LANGS = ("fr", "ar", "en")


def stops(words: list[str], shown: int) -> list[Group]:
    rows = (Stop.objects.filter(edition__is_published=True).select_related("edition", "municipality")
            .only("order", "date", *(f"name_{lang}" for lang in LANGS), "edition__slug",
                  *(f"edition__name_{lang}" for lang in LANGS), "municipality__search_text")
            .order_by("-edition__start_date", "order"))
    found = [s for s in rows if matches(words, *(getattr(s, f"name_{lang}") for lang in LANGS),
                                        s.municipality.search_text if s.municipality else "")]
    return [Group("stops", _("Étapes de la caravane"), len(found),
                  [Hit(s.name, s.get_absolute_url(), s.edition.name) for s in found[:shown]])]
