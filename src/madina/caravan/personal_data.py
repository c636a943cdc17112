"""What the caravan holds about a person (accounts.personal_data): their registrations, found by their e-mail
address (no account is needed to register). Erasing empties the registrations' name, organisation and address;
the seats they held stay counted."""

from __future__ import annotations

from .models import Registration


def export(user) -> list[dict]:
    return [
        {"edition": r.stop.edition.slug, "stop": r.stop.order, "name": r.name, "organisation": r.organisation,
         "sector": r.sector, "status": r.status, "consent": r.consent, "registered": r.created_at.isoformat()}
        for r in Registration.objects.filter(email__iexact=user.email).select_related("stop__edition")
    ]


def erase(user) -> None:
    for registration in Registration.objects.filter(email__iexact=user.email):
        Registration.objects.filter(pk=registration.pk).update(
            name="", organisation="", email=f"supprime-{registration.pk}@invalid", consent=False)
