"""What Madina holds about a person, and erasing it (Tunisian law 2004-63 on personal data; docs/privacy page).

Each app says what it holds about a person and how it forgets them, by registering a `Part` at start-up
(`register` in its AppConfig.ready, as budgeting's phase guard does): accounts sit below the apps that hold
proposals, ballots or registrations, and must not import them.

Erasing keeps the account's row, emptied and closed (CONSUL does the same): what the person wrote stays, signed
"deleted account", their supports and ballots stay counted (a ballot was never linked to its voter but through a
keyed hash), and every stored count stays exact. What identifies them goes: address, public name, password
(so no session of theirs opens again), tokens, roles, follows, notifications, the census link, caravan
registrations' names and addresses; the audit log names accounts, not copies of their names, so it reads "deleted
account" too, and rate counters are stored under keyed hashes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    name: str
    export: Callable[[Any], Any]  # user -> JSON-ready data
    erase: Callable[[Any], None] | None = None  # user -> None, in the erasing transaction


PARTS: list[Part] = []


def register(name: str, export: Callable[[Any], Any], erase: Callable[[Any], None] | None = None) -> None:
    if any(part.name == name for part in PARTS):
        raise ValueError(f"personal data part {name!r} is registered twice")
    PARTS.append(Part(name, export, erase))


def export(user) -> dict[str, Any]:
    return {part.name: part.export(user) for part in PARTS}


def erase(user) -> None:
    for part in PARTS:
        if part.erase is not None:
            part.erase(user)


def when(value) -> str | None:
    """A moment as every part writes it (ISO 8601), or None."""
    return value.isoformat() if value else None


def account(user) -> dict[str, Any]:
    """The account itself: what the person gave and what roles and tokens they hold."""
    from allauth.account.models import EmailAddress  # allauth's models load after the app registry

    return {
        "email": user.email, "public_name": user.display_name, "language": user.language,
        "avatar": user.avatar.url if user.avatar else None,
        "joined": when(user.date_joined), "last_login": when(user.last_login),
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                            for a in EmailAddress.objects.filter(user=user)],
        "roles": [{"role": r.role, "governorate": r.governorate_id, "municipality": r.municipality_id,
                   "granted": when(r.granted_at)} for r in user.roles.all()],
        "api_tokens": [{"name": t.name, "scope": t.scope, "created": when(t.created_at),
                        "expires": when(t.expires_at), "revoked": when(t.revoked_at)}
                       for t in user.api_tokens.all()],
    }
