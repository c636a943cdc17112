"""The site-wide search: one box in every page's header over what the apps publish.

Core sits at the bottom and knows none of the apps, so each app registers, in its `AppConfig.ready`, a provider
answering its kinds of things (processes, proposals, projects, municipalities, perimeters, caravan stops) for the
folded words of a query. A provider shows only what any visitor may read (published, not hidden, not a draft):
the results page is then the same for everyone and kept by the page cache like any public page.

Every provider costs a fixed number of queries (a count and the first rows) whatever the data. The big tables
(proposals, projects, municipalities) match on their stored folded `search_text` column; the small ones
(processes, perimeters, stops: a few per municipality) are folded as they are read, in one query each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .text import search_text, terms

MAX_LENGTH = 100  # characters of a query; longer is refused in words (a sentence is not a search)
SHOWN = 5  # rows of each kind on the results page; the count and the kind's own list give the rest


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    place: str = ""  # where it is (a municipality, an edition), shown beside the title


@dataclass(frozen=True)
class Group:
    """The results of one kind: how many match, the first of them, and the kind's own list filtered alike."""

    kind: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    see_all: str = ""


Provider = Callable[[list[str], int], Iterable[Group]]
PROVIDERS: list[tuple[int, Provider]] = []


def register(order: int, provider: Provider) -> None:
    """Called from an app's `ready`: `provider(words, shown)` answers that app's groups, in the site's `order`."""
    PROVIDERS.append((order, provider))
    PROVIDERS.sort(key=lambda pair: pair[0])


@dataclass(frozen=True)
class Query:
    text: str = ""
    words: list[str] = field(default_factory=list)
    problem: str = ""


def parse(raw: str | None) -> Query:
    """The words to look for, or the reason there are none, said to the person (never an error page)."""
    text = " ".join((raw or "").split())
    if not text:
        return Query(problem=_("Tapez un ou plusieurs mots : un nom de ville, de projet, de concertation…"))
    if len(text) > MAX_LENGTH:
        return Query(text=text[:MAX_LENGTH], problem=ngettext(
            "Votre recherche est trop longue : %(n)s caractère au plus.",
            "Votre recherche est trop longue : %(n)s caractères au plus.", MAX_LENGTH) % {"n": MAX_LENGTH})
    words = terms(text)
    if not words:
        return Query(text=text, problem=_("Votre recherche ne contient aucune lettre ni aucun chiffre : tapez un mot."))
    return Query(text=text, words=words)


def search(query: Query, shown: int = SHOWN) -> list[Group]:
    """Every kind that has results, in the registered order; nothing for a query with a problem."""
    if query.problem:
        return []
    return [group for _, provider in PROVIDERS for group in provider(query.words, shown) if group.count]


def columns(field: str) -> list[str]:
    """A translated field's columns, one per language of the site (every one is searched)."""
    return [f"{field}_{lang}" for lang in settings.MODELTRANSLATION_LANGUAGES]


def folded_group(kind: str, label, rows, words: list[str], shown: int, *, field: str,
                 place: Callable[[object], str]) -> Group:
    """The group of a small table read whole (processes, perimeters, stops: a few per municipality) and folded as
    read: the rows whose `field`, in any language, or whose municipality's names hold every word."""
    found = [row for row in rows
             if matches(words, *(getattr(row, column) for column in columns(field)),
                        row.municipality.search_text if row.municipality else "")]
    return Group(kind, label, len(found),
                 [Hit(getattr(row, field), row.get_absolute_url(), place(row)) for row in found[:shown]])


def matches(words: list[str], *texts: str | None) -> bool:
    """Whether texts read from a small table hold every word, folded exactly as the stored columns are."""
    folded = search_text(*texts)
    return all(word in folded for word in words)
