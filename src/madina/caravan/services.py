"""Writes to caravan editions: organisers choosing the stops, planning and publishing the tour; local actors
registering for a stop. Importing an edition from a CSV file is importer.py; running the planner is runs.py.

Every organiser's write checks `caravan.plan_edition` here, so the pages, the admin and the command line agree.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from madina.core.errors import Conflict, Invalid, full_clean
from madina.core.geo import TUNISIA_BOUNDS
from madina.core.permissions import person, require
from madina.territory.models import Municipality

from . import assignment, planning, tours
from .models import COORDINATE_STEP, Edition, PlanRun, Stop, Tour
from .planning import land_of
from .registrations import (  # noqa: F401  (registrations' writes, called as services.register etc.)
    cancel_registration,
    confirm_registration,
    register,
    registration_is_open,
)
from .rules import NOT_ORGANISER, PLAN
from .tasks import run_plan
from .tours import (  # noqa: F401  (tours' and teams' writes, called as services.add_tour etc.)
    add_team,
    add_tour,
    delete_team,
    delete_tour,
    pin_stop,
    save_team,
    save_tour,
    set_fields,
)

RESERVED_SLUGS = {"organiser", "inscriptions"}
# Stored in French like every note and shown in the reader's language (caravan/_position_note.html).
APPROXIMATE_POSITION = gettext_noop("approximative : un point dans le contour de la municipalité")
ORDER_SHIFT = 1000  # above any stop count: renumbering goes through it so the unique order never collides
EDITION_FIELDS = (
    "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "start_date", "end_date", "day_start",
    "day_end", "session_minutes", "max_drive_minutes", "evening_drive_minutes", "evening_latest_arrival",
    "rest_days", "first_stop", "last_stop", "circuity", "speed_kmh",
)
STOP_FIELDS = ("pinned_day", "venue_fr", "venue_ar", "venue_en", "capacity", "latitude", "longitude")


# Editions ------------------------------------------------------------------------------------------------


def new_edition_slug(name: str) -> str:
    base = slugify(name)[:56] or "edition"
    slug, k = base, 1
    while slug in RESERVED_SLUGS or Edition.objects.filter(slug=slug).exists():
        k += 1
        slug = f"{base}-{k}"
    return slug


@transaction.atomic
def create_edition(user, **data) -> Edition:
    """A draft edition (not published) with the organiser's rules; its stops are chosen next."""
    require(PLAN, user, message=NOT_ORGANISER)
    edition = Edition(created_by=person(user))
    set_fields(edition, data, EDITION_FIELDS)
    edition.slug = new_edition_slug(edition.name_fr or "")
    full_clean(edition)
    edition.save()
    tours.ensure_tour(edition)
    return edition


@transaction.atomic
def save_edition_rules(edition: Edition, user, **data) -> Edition:
    """Only the rules are written: the stop count and the published plan, kept by other services, stay as they
    are in the database (the page's copy of the edition may be older)."""
    require(PLAN, user, message=NOT_ORGANISER)
    row = Edition.objects.select_for_update().get(pk=edition.pk)
    for stop in (data.get("first_stop"), data.get("last_stop")):
        if stop is not None and stop.edition_id != row.pk:
            raise Invalid(_("L'étape de départ et l'étape d'arrivée sont des étapes de cette édition."))
    old_start, old_end = row.start_date, row.end_date
    edited = set_fields(row, data, EDITION_FIELDS)
    full_clean(row)
    row.save(update_fields=edited)
    tours.follow_edition_dates(row, old_start, old_end)
    if {"first_stop", "last_stop"} & set(edited):
        tours.follow_edition_ends(row)
    return row


@transaction.atomic
def recount_stops(edition: Edition, user) -> Edition:
    """Store the edition's stop count again after its stops were edited elsewhere (the admin)."""
    require(PLAN, user, message=NOT_ORGANISER)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    locked.stop_count = Stop.objects.filter(edition=locked).count()
    locked.save(update_fields=["stop_count"])
    edition.stop_count = locked.stop_count
    return edition


def _renumber(edition: Edition, pks_in_order: list[int]) -> None:
    Stop.objects.filter(edition=edition).update(order=F("order") + ORDER_SHIFT)
    for order, pk in enumerate(pks_in_order, start=1):
        Stop.objects.filter(pk=pk).update(order=order)


def _town_points(municipalities) -> dict[int, tuple[Decimal, Decimal]]:
    """The towns where earlier editions stopped (GeoNames positions), by municipality, in one query."""
    known = (
        Stop.objects.filter(municipality__in=municipalities, position_is_approximate=False)
        .order_by("municipality_id", "pk").values_list("municipality_id", "latitude", "longitude")
    )
    points: dict[int, tuple[Decimal, Decimal]] = {}
    for municipality_id, lat, lon in known:
        points.setdefault(municipality_id, (lat, lon))
    return points


def _new_stop(edition: Edition, order: int, municipality, known: tuple | None) -> Stop:
    """A stop in a municipality: at the town of an earlier edition's stop there, else at a point inside the
    municipality's outline, marked approximate (outline centroids can be far from the town)."""
    if known:
        (lat, lon), approximate = known, False
    else:
        point = municipality.shape.representative_point()
        lat, lon = Decimal(point.y).quantize(COORDINATE_STEP), Decimal(point.x).quantize(COORDINATE_STEP)
        approximate = True
    return Stop(
        edition=edition, order=order, municipality=municipality, governorate=municipality.governorate,
        governorate_name=municipality.governorate.name_fr, name_fr=municipality.name_fr,
        name_ar=municipality.name_ar, name_en=municipality.name_en, latitude=lat, longitude=lon,
        position_is_approximate=approximate,
        position_note=APPROXIMATE_POSITION if approximate else "",
        land=land_of(municipality.name_fr, municipality.name_en or "", municipality.name_ar or ""),
    )


@transaction.atomic
def set_municipalities(edition: Edition, user, selected_ids, shown_ids) -> tuple[int, int, list[Stop]]:
    """Add a stop for each selected municipality, remove the stops of the shown ones left unticked (a filtered
    list leaves the others as they were). Stops with registrations are kept. Returns (added, removed, kept)."""
    require(PLAN, user, message=NOT_ORGANISER)
    selected, shown = set(selected_ids), set(shown_ids) | set(selected_ids)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    stops = list(Stop.objects.filter(edition=edition).order_by("order"))
    present = {stop.municipality_id for stop in stops}
    drop = [stop for stop in stops if stop.municipality_id in shown - selected]
    kept = [stop for stop in drop if stop.registration_count or stop.waitlist_count]
    removed = [stop for stop in drop if stop not in kept]
    Stop.objects.filter(pk__in=[stop.pk for stop in removed]).delete()
    remaining = [stop.pk for stop in stops if stop not in removed]
    _renumber(edition, remaining)
    adding = list(
        Municipality.objects.filter(pk__in=selected - present).select_related("governorate").order_by("slug")
    )
    known = _town_points(adding)
    Stop.objects.bulk_create(
        _new_stop(edition, len(remaining) + k, municipality, known.get(municipality.pk))
        for k, municipality in enumerate(adding, start=1)
    )
    edition.stop_count = len(remaining) + len(adding)
    edition.save(update_fields=["stop_count"])
    return len(adding), len(removed), kept


@transaction.atomic
def move_stop(stop: Stop, user, step: int) -> bool:
    """Swap the stop with the one before (step -1) or after (+1) it; False at either end of the tour."""
    require(PLAN, user, message=NOT_ORGANISER)
    Edition.objects.select_for_update().get(pk=stop.edition_id)
    neighbour = Stop.objects.filter(edition_id=stop.edition_id, order=stop.order + step).first()
    if neighbour is None:
        return False
    mine, theirs = stop.order, neighbour.order
    Stop.objects.filter(pk=stop.pk).update(order=0)
    Stop.objects.filter(pk=neighbour.pk).update(order=mine)
    Stop.objects.filter(pk=stop.pk).update(order=theirs)
    stop.order = theirs
    return True


@transaction.atomic
def save_stop(stop: Stop, user, **data) -> Stop:
    """The organisers' settings of one stop: the day it is pinned to, its venue, its places, its position. Only
    those are written: registrations counted meanwhile and a plan applied meanwhile stay."""
    require(PLAN, user, message=NOT_ORGANISER)
    pins = {key: data.pop(key) for key in ("pinned_tour", "pinned_team") if key in data}
    row = Stop.objects.select_for_update().select_related("edition").get(pk=stop.pk)
    edited = set_fields(row, data, STOP_FIELDS)
    day, edition = row.pinned_day, row.edition
    if day and not edition.start_date <= day <= edition.end_date:
        raise Invalid(
            _("Le jour doit être dans l'édition (du %(start)s au %(end)s).")
            % {"start": edition.start_date.isoformat(), "end": edition.end_date.isoformat()},
            field="pinned_day",
        )
    outside = outside_tunisia(row.latitude, row.longitude)
    if outside:
        raise Invalid(OUTSIDE_TUNISIA, field=outside[0])
    full_clean(row)
    row.save(update_fields=edited)
    if pins:
        row = tours.pin_stop(row, user, tour=pins.get("pinned_tour"), team=pins.get("pinned_team"))
    return row


OUTSIDE_TUNISIA = gettext_lazy("Ce lieu est hors de Tunisie : vérifiez l'ordre latitude puis longitude.")


def outside_tunisia(latitude, longitude) -> list[str]:
    """Which of "latitude" and "longitude" put a stop outside Tunisia (core.geo.TUNISIA_BOUNDS): none inside."""
    west, south, east, north = TUNISIA_BOUNDS
    return [name for name, value, low, high in [("latitude", latitude, south, north),
                                                ("longitude", longitude, west, east)]
            if value is not None and not low <= value <= high]


# Planning ------------------------------------------------------------------------------------------------


def _tour_of_stops(edition: Edition, stops: list[Stop], tour_list, kind: str) -> dict[int, int]:
    """Stop pk -> tour pk: one tour takes all; 'order' keeps the applied tours; 'plan' lets assignment.py choose
    around the pins (a stop pinned to a day goes to the tour holding that day)."""
    if len(tour_list) == 1:
        return {stop.pk: tour_list[0].pk for stop in stops}
    if kind == PlanRun.Kind.ORDER:
        if any(stop.tour_id is None for stop in stops):
            raise Invalid(_("Certaines étapes ne sont dans aucune tournée : lancez d'abord le planificateur."))
        return {stop.pk: stop.tour_id for stop in stops}
    holding = {}
    for stop in stops:
        if stop.pinned_tour_id:
            holding[stop.pk] = str(stop.pinned_tour_id)
        elif stop.pinned_day:
            day_tour = next((t for t in tour_list if t.start_date <= stop.pinned_day <= t.end_date), None)
            if day_tour is None:
                raise Invalid(_("Le jour imposé à %(stop)s (%(day)s) n'est dans aucune tournée.")
                              % {"stop": stop.name, "day": stop.pinned_day.isoformat()})
            holding[stop.pk] = str(day_tour.pk)
    places = [assignment.Place(str(stop.pk), float(stop.latitude), float(stop.longitude), holding.get(stop.pk))
              for stop in stops]
    groups = [assignment.Group(str(t.pk), t.day_count * len(t.teams.all())) for t in tour_list]
    return {int(pk): int(group) for pk, group in assignment.assign(places, groups).items()}


@transaction.atomic
def request_plan(edition: Edition, user, kind: str) -> PlanRun:
    """Record a PlanRun per tour with its instance as it is now and hand them to the background worker once
    committed; the first is returned. Invalid, in the organiser's words, when the planner would refuse a tour."""
    require(PLAN, user, message=NOT_ORGANISER)
    if kind not in PlanRun.Kind.values:
        raise Invalid(_("Demande de calcul inconnue."), field="kind")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    tours.ensure_tour(edition)
    stops = list(Stop.objects.filter(edition=edition).order_by("order"))
    tour_list = list(edition.tours.prefetch_related("teams").order_by("start_date", "order"))
    where = _tour_of_stops(edition, stops, tour_list, kind)
    planned = []
    for tour in tour_list:
        mine = [stop for stop in stops if where.get(stop.pk) == tour.pk]
        if not mine and stops:
            continue
        data = planning.instance_data(edition, mine, tour)
        planning.check_instance(data)
        planned.append(PlanRun(edition=edition, tour=tour, kind=kind, instance=data, created_by=person(user)))
    runs = PlanRun.objects.bulk_create(planned)
    for run in runs:
        transaction.on_commit(lambda pk=run.pk: run_plan.enqueue(pk))
    return runs[0]


@transaction.atomic
def apply_plan(run: PlanRun, user, *, publish: bool) -> Edition:
    """Write the plan's tour, team, order, days and session times to the stops of its tour; the edition's stops
    are numbered tour after tour. With `publish`, the tour's programme is this plan and the edition is published."""
    require(PLAN, user, message=NOT_ORGANISER)
    if not (run.result and run.result["feasible"]):
        raise Invalid(_("Ce plan ne tient pas dans les jours de l'édition : il ne peut pas être appliqué."))
    schedule = planning.schedule_of(run.result)
    edition = Edition.objects.select_for_update().get(pk=run.edition_id)
    tour = run.tour or tours.ensure_tour(edition)
    current = set(Stop.objects.filter(edition=edition).values_list("pk", flat=True))
    planned = {row.pk for row in schedule}
    # The stops of the other tours: applied there, or taken by their latest runs (the assignment this one was made with).
    others = set(Stop.objects.filter(edition=edition).exclude(tour=None).exclude(tour=tour).values_list("pk", flat=True))
    for other in edition.tours.exclude(pk=tour.pk):
        latest = other.plan_runs.order_by("-pk").only("instance").first()
        others |= {int(stop["id"].removeprefix("stop-")) for stop in (latest.instance if latest else {}).get("stops", [])}
    if not planned <= current or current - planned - others:
        raise Conflict(_("Les étapes ont changé depuis ce plan : relancez le planificateur."))
    teams = set(tour.teams.values_list("pk", flat=True))
    pinned = Stop.objects.filter(pk__in=planned).exclude(pinned_tour=None)
    if pinned.exclude(pinned_tour=tour).exists():
        raise Conflict(_("Une étape a été imposée à une autre tournée depuis ce plan : relancez le planificateur."))
    pins = dict(pinned.filter(pinned_team__in=teams).values_list("pk", "pinned_team"))
    if any(pins.get(row.pk, row.team) != row.team for row in schedule):
        raise Conflict(_("Une étape a été imposée à une autre équipe depuis ce plan : relancez le planificateur."))
    Stop.objects.bulk_update(
        [Stop(pk=row.pk, tour=tour, team_id=row.team if row.team in teams else None, date=row.date,
              starts_at=row.starts_at, ends_at=row.ends_at) for row in schedule],
        ["tour", "team", "date", "starts_at", "ends_at"],
    )
    by_tour = Stop.objects.filter(edition=edition).order_by("tour__start_date", "team__order", "date", "starts_at",
                                                            "order")
    _renumber(edition, list(by_tour.values_list("pk", flat=True)))
    edition.published_run = run
    fields = ["published_run"]
    if edition.tours.count() == 1:  # another tour may keep its estimated days (the 2020 edition's southern tour)
        edition.days_are_estimated = False
        fields.append("days_are_estimated")
    if publish:
        edition.is_published = True
        fields.append("is_published")
        Tour.objects.filter(pk=tour.pk).update(published_run=run, is_published=True)
    edition.save(update_fields=fields)
    return edition


# Registrations -------------------------------------------------------------------------------------------
