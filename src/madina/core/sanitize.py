"""User-written rich text is cleaned once, on the way in, so templates can mark it safe."""

import html

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_html(value: str) -> str:
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(value: str) -> str:
    """The words of cleaned rich text, without its tags or entities: for search and for e-mails."""
    return html.unescape(strip_tags(value or ""))


# Characters that take no room: a text made only of them (and spaces) says nothing.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def has_words(value: str) -> bool:
    """Whether rich text says anything once its tags, entities, spaces and invisible characters are gone:
    `<p>&nbsp;</p>` does not."""
    return bool(plain_text(value).translate(_INVISIBLE).strip())
