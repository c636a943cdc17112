"""The one way every app writes and sends an e-mail.

An e-mail is two templates, `<name>_subject.txt` and `<name>_message.txt` (allauth's naming, so its account
e-mails come through here too), rendered as plain text in the recipient's own language: a person with an account
reads the language stored on it, someone without one (a caravan registration) the language of the page they used.
Every link is absolute on MADINA_SITE_URL (the `absolute` filter, or `absolute_url` in code), the sender is
DEFAULT_FROM_EMAIL, and a batch goes out over one connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def absolute_url(path_or_url: str) -> str:
    """A page's address on the site's own address: a path, or an address built elsewhere (from a request, with
    another host or scheme) of which the path, query and fragment are kept."""
    parts = urlsplit(str(path_or_url))
    path = "/" + parts.path.lstrip("/")
    return settings.MADINA_SITE_URL + urlunsplit(("", "", path, parts.query, parts.fragment))


def language_of(code: str | None) -> str:
    """A language the site speaks: the given one, else the default (French)."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def recipient(user) -> Recipient:
    """A person with an account, in the language stored on it."""
    return Recipient(user.email, user.language)


def _render(name: str, context: dict) -> str:
    """Plain text: what people typed is written as typed, never HTML-escaped."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render(template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (one line, with the site's prefix) and the body of an e-mail, in `language`."""
    with translation.override(language):
        subject = " ".join(_render(f"{template}_subject.txt", context).split())
        body = _render(f"{template}_message.txt", context).strip() + "\n"
    return settings.EMAIL_SUBJECT_PREFIX + subject, body


class Outbox:
    """A batch of e-mails over one connection. Texts that name no recipient are rendered once per language
    when the caller gives them a `key` (the same event told to its many followers)."""

    def __init__(self, connection):
        self.connection = connection
        self.sent = 0
        self._written: dict[tuple, tuple[str, str]] = {}

    def send(self, template: str, to: Recipient, context: dict, *, key=None) -> None:
        language = language_of(to.language)
        cache_key = (template, language, key)
        texts = self._written.get(cache_key) if key is not None else None
        if texts is None:
            texts = render(template, context, language)
            if key is not None:
                self._written[cache_key] = texts
        subject, body = texts
        self.sent += EmailMessage(
            subject, body, settings.DEFAULT_FROM_EMAIL, [to.email], connection=self.connection,
            headers={"Content-Language": language},
        ).send()


@contextmanager
def outbox() -> Iterator[Outbox]:
    with get_connection() as connection:
        yield Outbox(connection)


def send(template: str, to: Recipient, context: dict) -> int:
    """One e-mail to one person."""
    with outbox() as box:
        box.send(template, to, context)
    return box.sent
