"""What the caravan holds about a person (accounts.personal_data): their registrations, found by the addresses
their account has proved (no account is needed to register, so an address someone else typed is not enough).
Erasing empties the registrations' name, organisation and address; the seats they held stay counted."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Q

from .models import Registration


def _theirs(user):
    addresses = {user.email.lower(), *(a.lower() for a in EmailAddress.objects.filter(user=user, verified=True)
                                       .values_list("email", flat=True))}
    found = Q()
    for address in addresses:
        found |= Q(email__iexact=address)
    return Registration.objects.filter(found)


def export(user) -> list[dict]:
    return [
        {"edition": r.stop.edition.slug, "stop": r.stop.order, "name": r.name, "organisation": r.organisation,
         "sector": r.sector, "status": r.status, "consent": r.consent, "registered": r.created_at.isoformat()}
        for r in _theirs(user).select_related("stop__edition")
    ]


def erase(user) -> None:
    for registration in _theirs(user):
        Registration.objects.filter(pk=registration.pk).update(
            name="", organisation="", email=f"supprime-{registration.pk}@invalid", consent=False)
