"""E-mails of the caravan: a registration confirmed, waitlisted or promoted when a place frees up."""

from django.conf import settings
from django.urls import reverse

from madina.core import mail

from .models import Registration


def send_registration_email(registration_id: int, kind: str) -> int:
    """kind: 'confirmed', 'waitlisted' or 'promoted'. Registrations need no account: the e-mail is in the
    language of the page the person registered on."""
    registration = Registration.objects.select_related("stop__edition").filter(pk=registration_id).first()
    if registration is None:
        return 0
    stop = registration.stop
    context = {
        "registration": registration, "stop": stop, "edition": stop.edition, "kind": kind,
        "cancel_url": reverse("caravan:cancel_registration", kwargs={"token": registration.token}),
        "hours": settings.CARAVAN_CONFIRMATION_HOURS,
    }
    to = mail.Recipient(registration.email, registration.language)
    return mail.send("caravan/email/registration", to, context)
