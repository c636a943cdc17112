"""Registrations for a stop: stored counts, the waiting list, cancelling promotes the first in line, e-mails;
and under concurrency (PostgreSQL) the last place goes to exactly one person."""

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from madina.caravan import services
from madina.caravan.models import Registration, Sector, Stop
from madina.core.errors import Conflict, NotAllowed, RateLimited

from .conftest import future_edition


@pytest.fixture
def stop(db):
    edition = future_edition(published=True)
    stop = edition.stops.get(order=1)
    stop.date = edition.start_date
    stop.capacity = 2
    stop.save()
    return stop


def sign_up(stop, n, **kwargs):
    return services.register(stop, name=f"Personne {n}", email=f"p{n}@example.tn", sector=Sector.CIVIL_SOCIETY,
                             **kwargs)


def test_places_then_waiting_list_with_stored_counts(stop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = (sign_up(stop, n) for n in range(3))
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count, stop.is_full) == (2, 1, True)
    assert [m.to for m in mail.outbox] == [["p0@example.tn"], ["p1@example.tn"], ["p2@example.tn"]]
    assert "Confirmez votre inscription" in mail.outbox[0].subject and "dans les 24 heures" in mail.outbox[0].body
    assert "liste d'attente" in mail.outbox[2].body
    assert f"/caravane/inscriptions/{third.token}/" in mail.outbox[2].body


def test_the_same_address_twice_is_refused_and_nothing_changes(stop):
    sign_up(stop, 1)
    with pytest.raises(Conflict):
        services.register(stop, name="Autre", email=" P1@Example.tn ", sector=Sector.MEDIA)
    stop.refresh_from_db()
    assert stop.registration_count == 1 and Registration.objects.count() == 1


def test_cancelling_promotes_the_first_waiting_and_tells_them(stop, django_capture_on_commit_callbacks):
    people = [sign_up(stop, n) for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(people[0])
    assert promoted.pk == people[2].pk
    assert [m.to for m in mail.outbox] == [["p2@example.tn"]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count) == (2, 1)
    assert services.cancel_registration(people[0]) is None  # twice changes nothing
    assert services.cancel_registration(people[3]) is None  # a waiting person leaves: nobody to promote
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count) == (2, 0)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"p0@example.tn": "cancelled", "p1@example.tn": "confirmed", "p2@example.tn": "confirmed",
                        "p3@example.tn": "cancelled"}


def test_a_cancelled_person_may_register_again_at_the_end_of_the_queue(stop):
    first = sign_up(stop, 0)
    sign_up(stop, 1)
    services.cancel_registration(first)
    again = sign_up(stop, 0)
    assert again.pk == first.pk and again.status == "confirmed"
    sign_up(stop, 2)
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count) == (2, 1)


def test_registration_is_closed_for_past_or_undated_stops(stop):
    stop.date = timezone.localdate() - dt.timedelta(days=1)
    stop.save()
    with pytest.raises(NotAllowed):
        sign_up(stop, 1)
    stop.date = None
    stop.save()
    assert not services.registration_is_open(stop)


def test_without_capacity_everyone_is_confirmed(stop):
    stop.capacity = None
    stop.save()
    assert {sign_up(stop, n).status for n in range(5)} == {"confirmed"}
    stop.refresh_from_db()
    assert stop.places_left is None and stop.registration_count == 5


def test_the_email_is_in_the_language_used_to_register(stop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(stop, 1, language="ar")
    assert mail.outbox[0].to == ["p1@example.tn"]
    assert "صفاقس" in mail.outbox[0].body  # the stop's Arabic name


@pytest.mark.postgres
def test_thirty_people_at_once_for_ten_places(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks; SQLite serialises all writers (set DATABASE_URL)")
    edition = future_edition(published=True)
    stop = edition.stops.get(order=1)
    Stop.objects.filter(pk=stop.pk).update(date=edition.start_date, capacity=10)
    barrier = Barrier(30)

    def one(n):
        try:
            barrier.wait(timeout=30)
            return sign_up(Stop.objects.get(pk=stop.pk), n).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(one, range(30)))
    stop.refresh_from_db()
    assert statuses.count("confirmed") == 10 and statuses.count("waitlisted") == 20
    assert (stop.registration_count, stop.waitlist_count) == (10, 20)
    assert Registration.objects.filter(stop=stop, status="confirmed").count() == 10


def test_registrations_are_limited_per_address_and_per_email(stop, settings, client):
    settings.CARAVAN_REGISTRATION_RATE, settings.CARAVAN_REGISTRATION_EMAIL_RATE = (2, 60), (1, 1440)
    sign_up(stop, 1, address="198.51.100.7")
    sign_up(stop, 2, address="198.51.100.7")
    with pytest.raises(RateLimited):
        sign_up(stop, 3, address="198.51.100.7")
    sign_up(stop, 3, address="198.51.100.8")  # another visitor
    with pytest.raises(RateLimited):  # the same inbox from yet another address
        services.register(stop, name="Encore", email="P1@example.tn", sector=Sector.PRIVATE, address="198.51.100.9")
    assert Registration.objects.filter(stop=stop).count() == 3

    url = f"/caravane/{stop.edition.slug}/etapes/{stop.order}/inscription/"
    data = {"name": "Sana", "email": "sana@example.tn", "sector": Sector.PRIVATE, "consent": "on"}
    client.post(url, data, REMOTE_ADDR="198.51.100.7")  # third from this address: shown on the form
    response = client.post(url, {**data, "email": "sana2@example.tn"}, REMOTE_ADDR="198.51.100.7")
    assert "réessayez plus tard" in response.content.decode()
    assert not Registration.objects.filter(email__startswith="sana").exists()


def _age(registration, hours):
    Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours))


def test_a_place_waits_24_hours_for_the_email_link_then_goes_to_the_next(stop, client):
    first, second, waiting = (sign_up(stop, n) for n in range(3))
    page = client.get(f"/caravane/inscriptions/{first.token}/").content.decode()
    assert "Confirmer mon inscription" in page
    assert Registration.objects.get(pk=first.pk).confirmed_at is None  # opening the link confirms nothing
    client.post(f"/caravane/inscriptions/{first.token}/", {"action": "confirm"})
    assert Registration.objects.get(pk=first.pk).confirmed_at is not None
    _age(first, 30)
    _age(second, 30)  # never confirmed: its place goes to the first waiting
    sign_up(stop, 9)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["p0@example.tn"] == "confirmed" and statuses["p1@example.tn"] == "cancelled"
    assert statuses[waiting.email] == "confirmed" and statuses["p9@example.tn"] == "waitlisted"
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count) == (2, 1)


def test_a_late_confirmation_is_refused_in_words(stop, client):
    late = sign_up(stop, 1)
    _age(late, 25)
    response = client.post(f"/caravane/inscriptions/{late.token}/", {"action": "confirm"}, follow=True)
    assert "pas été confirmée à temps" in response.content.decode()
    assert Registration.objects.get(pk=late.pk).status == "cancelled"
    stop.refresh_from_db()
    assert stop.registration_count == 0


def test_the_hourly_sweep_frees_unconfirmed_places(stop):
    from django.core.management import call_command

    kept, dropped = sign_up(stop, 1), sign_up(stop, 2)
    services.confirm_registration(kept)
    _age(kept, 48)
    _age(dropped, 48)
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "caravan registrations released: 1" in out.getvalue()
    assert Registration.objects.get(pk=dropped.pk).status == "cancelled"
    assert Registration.objects.get(pk=kept.pk).status == "confirmed"
    stop.refresh_from_db()
    assert stop.registration_count == 1


def test_expired_registrations_on_a_full_stop_are_all_released_and_none_moved_up(stop, django_capture_on_commit_callbacks):
    stop.capacity = 1
    stop.save()
    holder, waiting = sign_up(stop, 1), sign_up(stop, 2)  # neither ever confirms
    _age(holder, 30)
    _age(waiting, 29)
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = sign_up(stop, 3)
    assert newcomer.status == "confirmed"
    assert set(Registration.objects.filter(pk__in=[holder.pk, waiting.pk]).values_list("status", flat=True)) == {
        "cancelled"}
    stop.refresh_from_db()
    assert (stop.registration_count, stop.waitlist_count) == (1, 0)
    assert all("s'est libérée" not in m.subject for m in mail.outbox)  # no one expired is told they moved up


def test_refused_registrations_count_towards_the_limit(stop, settings):
    settings.CARAVAN_REGISTRATION_EMAIL_RATE = (2, 1440)
    sign_up(stop, 1)
    with pytest.raises(Conflict):
        sign_up(stop, 1)
    with pytest.raises(RateLimited):  # probing whether an address is registered is limited too
        sign_up(stop, 1)
