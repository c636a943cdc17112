"""Registrations for a caravan stop: anyone may register (no account), confirming their address by the link of
the e-mail within CARAVAN_CONFIRMATION_HOURS, else the place goes back; cancelling frees a place for the first
person waiting. Every write locks the stop row, whose stored counts it moves."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core import ratelimit
from madina.core.errors import Conflict, NotAllowed, full_clean

from .models import Registration, Stop
from .tasks import send_registration_email


def registration_is_open(stop: Stop) -> bool:
    """Until the stop's day, once it has one."""
    return stop.date is not None and stop.date >= timezone.localdate()


def register(stop: Stop, *, name: str, email: str, sector: str, organisation: str = "", consent: bool = False,
             language: str = "fr", address: str | None = None) -> Registration:
    """Register a person for the stop: a place while places are left, else on the waiting list. Anyone may
    register (no account needed), so registrations are limited per visitor's `address` and per e-mail address (each
    sends an e-mail to the address typed), and each holds its place or rank only CARAVAN_CONFIRMATION_HOURS until
    the link of that e-mail is followed (a typed address that is not the person's frees its place). The stop row
    is locked so that two people cannot take the last place; the e-mail leaves once committed, in the language of
    the page the person used."""
    email = email.strip().lower()
    too_many = _("Trop d'inscriptions en peu de temps (%(count)d en %(minutes)d minutes) : réessayez plus tard.")
    if address is not None:
        ratelimit.limit(f"registration:address:{address}", settings.CARAVAN_REGISTRATION_RATE, too_many)
    ratelimit.limit(f"registration:email:{email}", settings.CARAVAN_REGISTRATION_EMAIL_RATE, too_many)
    # Counted before the transaction: a refused registration (closed, already registered) still counts, so the
    # form cannot be used to test addresses without limit.
    return _register(stop, email=email, fields={"name": name, "organisation": organisation, "sector": sector,
                                                  "consent": consent, "language": language})


@transaction.atomic
def _register(stop: Stop, *, email: str, fields: dict) -> Registration:
    locked = Stop.objects.select_for_update().get(pk=stop.pk)
    if not registration_is_open(locked):
        raise NotAllowed(_("Les inscriptions à cette étape sont closes."))
    release_unconfirmed(locked)  # places held past their confirmation delay go back first
    earlier = Registration.objects.filter(stop=locked, email=email).first()
    if earlier and earlier.status != Registration.Status.CANCELLED:
        raise _already_registered()
    confirmed = not locked.is_full
    status = Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED
    fields = {**fields, "status": status}
    if earlier:  # came back after cancelling: the same row, at the end of the queue, to be confirmed again
        for name, value in fields.items():
            setattr(earlier, name, value)
        earlier.created_at, earlier.confirmed_at = timezone.now(), None
        full_clean(earlier, validate_unique=False)
        earlier.save()
        registration = earlier
    else:
        registration = Registration(stop=locked, email=email, **fields)
        full_clean(registration, validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise _already_registered() from None
    if confirmed:
        locked.registration_count += 1
    else:
        locked.waitlist_count += 1
    locked.save(update_fields=["registration_count", "waitlist_count"])
    transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk, status))
    stop.registration_count, stop.waitlist_count = locked.registration_count, locked.waitlist_count
    return registration


def _already_registered() -> Conflict:
    return Conflict(
        _("Cette adresse est déjà inscrite à cette étape. Pour changer d'inscription, suivez le lien d'annulation "
          "de l'e-mail de confirmation."),
        field="email",
    )


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel a registration (whoever holds its secret link may); a confirmed place goes to the first person
    waiting, who is told by e-mail. Returns the promoted registration, if any."""
    stop = Stop.objects.select_for_update().get(pk=registration.stop_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.status = Registration.Status.CANCELLED
    if current.status == Registration.Status.CANCELLED:
        return None
    promoted = _cancel(stop, current)
    stop.save(update_fields=["registration_count", "waitlist_count"])
    return promoted


def _cancel(stop: Stop, current: Registration) -> Registration | None:
    """Cancel one registration of a locked stop, moving its counts and promoting the first waiting if a place
    frees up (the caller saves the stop)."""
    was = current.status
    current.status = Registration.Status.CANCELLED
    current.save(update_fields=["status"])
    promoted = None
    if was == Registration.Status.CONFIRMED:
        stop.registration_count -= 1
    else:
        stop.waitlist_count -= 1
    if not stop.is_full:
        promoted = (
            Registration.objects.select_for_update()
            .filter(stop=stop, status=Registration.Status.WAITLISTED)
            .exclude(confirmed_at__isnull=True, created_at__lt=_deadline())  # an expired one is released, not moved up
            .order_by("created_at", "pk").first()
        )
        if promoted is not None:
            promoted.status = Registration.Status.CONFIRMED
            promoted.save(update_fields=["status"])
            stop.waitlist_count -= 1
            stop.registration_count += 1
            transaction.on_commit(lambda: send_registration_email.enqueue(promoted.pk, "promoted"))
    return promoted


def _deadline():
    return timezone.now() - timedelta(hours=settings.CARAVAN_CONFIRMATION_HOURS)


def _expired():
    """Registrations whose e-mail link was not followed in time: they no longer hold a place or a rank."""
    return (Registration.objects.filter(confirmed_at__isnull=True, created_at__lt=_deadline())
            .exclude(status=Registration.Status.CANCELLED))


def release_unconfirmed(stop: Stop) -> int:
    """Cancel the stop's expired registrations (the stop row locked by the caller, who saves it); how many. Each
    is read again before it is cancelled: cancelling one may have moved another up the list."""
    released = 0
    while (registration := _expired().filter(stop=stop).select_for_update().order_by("created_at", "pk").first()) is not None:
        _cancel(stop, registration)
        released += 1
    return released


@transaction.atomic
def release_all_unconfirmed() -> int:
    """Every stop's expired registrations, for the hourly sweep (`madina housekeeping`)."""
    stops = _expired().values_list("stop_id", flat=True).distinct()
    released = 0
    for stop in Stop.objects.select_for_update().filter(pk__in=list(stops)).order_by("pk"):
        released += release_unconfirmed(stop)
        stop.save(update_fields=["registration_count", "waitlist_count"])
    return released


def confirm_registration(registration: Registration) -> Registration:
    """The person followed the link of their e-mail within the delay: the address is theirs, the place (or the
    rank on the waiting list) is kept. Past the delay the registration is released (committed even though the
    confirmation is then refused) and the person told."""
    with transaction.atomic():
        stop = Stop.objects.select_for_update().get(pk=registration.stop_id)
        if release_unconfirmed(stop):
            stop.save(update_fields=["registration_count", "waitlist_count"])
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            raise NotAllowed(_("Cette inscription est annulée (ou n'a pas été confirmée à temps) : inscrivez-vous "
                               "de nouveau si des places restent."))
        if current.confirmed_at is None:
            current.confirmed_at = timezone.now()
            current.save(update_fields=["confirmed_at"])
    return current
