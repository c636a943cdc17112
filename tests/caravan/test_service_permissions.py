"""Every organiser's write checks its permission in the service itself: a citizen calling a service directly (not
through a page) is refused, and nothing is written."""

import datetime as dt

import pytest

from madina.caravan import services
from madina.caravan.models import Edition, PlanRun, Stop
from madina.core.errors import Invalid, NotAllowed
from madina.core.permissions import OPERATOR


def test_a_citizen_is_refused_by_every_organiser_service(coast, citizen):
    stop = coast.stops.order_by("order").first()
    before = list(Stop.objects.filter(edition=coast).values_list("pk", "order", "venue_fr"))
    calls = [
        lambda: services.create_edition(citizen, name_fr="Pirate", start_date=dt.date(2030, 1, 1),
                                        end_date=dt.date(2030, 1, 2)),
        lambda: services.save_edition_rules(coast, citizen, name_fr="Renommée"),
        lambda: services.set_municipalities(coast, citizen, [], [stop.municipality_id or 0]),
        lambda: services.move_stop(stop, citizen, 1),
        lambda: services.save_stop(stop, citizen, venue_fr="Chez moi"),
        lambda: services.request_plan(coast, citizen, PlanRun.Kind.PLAN),
        lambda: services.recount_stops(coast, citizen),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert list(Stop.objects.filter(edition=coast).values_list("pk", "order", "venue_fr")) == before
    assert Edition.objects.filter(name_fr="Pirate").count() == 0 and not PlanRun.objects.exists()
    assert Edition.objects.get(pk=coast.pk).name_fr == coast.name_fr


def test_the_operator_at_the_command_line_may(coast):
    edition = services.create_edition(OPERATOR, name_fr="Caravane du nord", start_date=dt.date(2030, 6, 29),
                                      end_date=dt.date(2030, 7, 6))
    assert edition.slug == "caravane-du-nord" and edition.created_by is None and not edition.is_published


def test_a_stop_pinned_outside_its_edition_is_refused_on_its_field(coast, organiser):
    stop = coast.stops.order_by("order").first()
    with pytest.raises(Invalid) as refusal:
        services.save_stop(stop, organiser, pinned_day=coast.end_date + dt.timedelta(days=1), venue_fr="Ailleurs")
    assert refusal.value.field == "pinned_day" and "dans l'édition" in refusal.value.message
    assert Stop.objects.get(pk=stop.pk).venue_fr != "Ailleurs"


def test_rules_the_planner_would_refuse_are_refused_by_the_form(client, organiser):
    client.force_login(organiser)
    response = client.post("/caravane/organiser/nouvelle/", {
        "name_fr": "Caravane", "start_date": "2027-03-01", "end_date": "2027-03-05", "day_start": "08:00",
        "day_end": "19:00", "session_minutes": "120", "max_drive_minutes": "300", "evening_drive_minutes": "0",
        "evening_latest_arrival": "22:00", "circuity": "0.5", "speed_kmh": "400",
    })
    assert response.status_code == 400
    assert {"circuity", "speed_kmh"} <= set(response.context["form"].errors)
    assert not Edition.objects.filter(name_fr="Caravane").exists()


def test_saving_a_stop_keeps_what_other_services_counted_meanwhile(coast, organiser):
    """The organiser's page holds an older copy of the stop: only the fields it edits are written."""
    stale = coast.stops.order_by("order").first()
    Stop.objects.filter(pk=stale.pk).update(registration_count=3, waitlist_count=1)
    services.save_stop(stale, organiser, venue_fr="Maison de la culture", capacity=40)
    stored = Stop.objects.get(pk=stale.pk)
    assert (stored.venue_fr, stored.capacity, stored.registration_count, stored.waitlist_count) == (
        "Maison de la culture", 40, 3, 1)


def test_saving_the_rules_keeps_the_stop_count_and_the_publication(coast, organiser):
    stale = Edition.objects.get(pk=coast.pk)
    Edition.objects.filter(pk=coast.pk).update(stop_count=9, is_published=True)
    services.save_edition_rules(stale, organiser, speed_kmh=80)
    stored = Edition.objects.get(pk=coast.pk)
    assert (stored.speed_kmh, stored.stop_count, stored.is_published) == (80, 9, True)
