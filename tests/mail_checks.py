"""What every e-mail Madina sends must be: its links absolute on the site's own address (MADINA_SITE_URL), and
written in its recipient's language (the one stored on their account, or on their caravan registration)."""

import re

from django.conf import settings
from django.db import connection

from madina.accounts.models import User
from madina.caravan.models import Registration

URL = re.compile(r"https?://[^\s<>\"']+")
RELATIVE_LINK = re.compile(r"(?:^|\s)/[\w\-]+/\S*")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def stored_language(address: str) -> str | None:
    """Read without being counted: tests pin the queries of the code that sends, not of this check."""
    logged = len(connection.queries_log)
    account = User.objects.filter(email__iexact=address).only("language").first()
    registration = None if account else Registration.objects.filter(email__iexact=address).order_by("-pk").first()
    while len(connection.queries_log) > logged:
        connection.queries_log.pop()
    if account is not None:
        return account.language
    return registration.language if registration else None


def problems(message) -> list[str]:
    """What is wrong with one sent message (an empty list when nothing is)."""
    found = []
    text = f"{message.subject}\n{message.body}"
    site = settings.MADINA_SITE_URL + "/"
    found += [f"link not on {site}: {url}" for url in URL.findall(message.body) if not url.startswith(site)]
    found += [f"relative link: {link.strip()}" for link in RELATIVE_LINK.findall(message.body)]
    language = message.extra_headers.get("Content-Language")
    if language is None:
        found.append("no Content-Language: not sent through core.mail")
    for address in message.to:
        expected = stored_language(address)
        if expected is not None and language != expected:
            found.append(f"to {address} in {language!r}, their language is {expected!r}")
    if language == "ar" and not ARABIC_LETTER.search(text):
        found.append("said to be Arabic, but has no Arabic letter")
    return [f"{message.subject!r}: {problem}" for problem in found]
