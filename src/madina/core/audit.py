"""The audit log of sensitive acts: one append-only table (`core.AuditEntry`), written by the service that does
the act, in its transaction (an act refused leaves no entry; a refused guess is recorded by its caller outside it).

Each entry says who (the account and its public name), when, what (`ACTIONS`), on what, and the territory it
concerns, so that staff read the entries of their own governorate or municipality only (accounts.queries).
Details never hold a secret: counts, ids and reasons, not identifiers, codes or choices.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import AUDIT_ACTIONS as ACTIONS
from .models import AuditEntry
from .permissions import OPERATOR, person


def record(action: str, actor, *, municipality=None, governorate=None, target="", **details) -> AuditEntry:
    """Write one entry. `municipality` and `governorate` are places or their ids; a municipality given as a place
    brings its governorate. `target` is what was acted on (its str() is kept; an account is linked instead, so that
    its name is read when shown and an erased account reads "deleted account")."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to core.audit.ACTIONS")
    account = person(actor)
    municipality_id = getattr(municipality, "pk", municipality)
    governorate_id = getattr(governorate, "pk", governorate) or getattr(municipality, "governorate_id", None)
    about = target if isinstance(target, get_user_model()) else None
    return AuditEntry.objects.create(
        action=action, actor=account, actor_name="operator" if actor is OPERATOR else "",
        municipality_id=municipality_id, governorate_id=governorate_id, person=about,
        target="" if about else str(target)[:300], details=details,
    )
