"""Writes to caravan editions: importing an edition's stops from a CSV file and keeping its stop count;
organisers choosing the stops, planning and publishing the tour; local actors registering for a stop.

An import reads and checks the whole file before it writes anything, so a bad file leaves the database as it was,
and the error names the line and the problem for the organiser who prepared the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from madina.core.geo import TUNISIA_BOUNDS
from madina.territory.gazetteer import governorate_named
from madina.territory.models import Municipality

from . import planning
from .matching import link_to_territory
from .models import Edition, PlanRun, Registration, Stop
from .planning import land_of

REQUIRED_COLUMNS = ("name_fr", "governorate", "lat", "lon")
COORDINATE_STEP = Decimal("0.00001")  # the model keeps 5 decimals (about 1 m)


class EditionImportError(ValueError):
    """A CSV file that cannot be imported; `line` is the file's line (the header is line 1)."""

    def __init__(self, problem: str, line: int | None = None):
        self.problem = problem
        self.line = line
        super().__init__(f"line {line}: {problem}" if line else problem)


@dataclass(frozen=True)
class StopRow:
    line: int
    order: int
    name_fr: str
    name_ar: str
    name_en: str
    governorate: str
    latitude: Decimal
    longitude: Decimal
    geonames_id: int | None
    position_note: str
    date: dt.date | None


def spread_over_days(stop_count: int, day_count: int) -> list[int]:
    """The day (0-based) of each stop when only their order is known: consecutive stops share a day, days get as
    even a share as possible, and the earlier days take the extra stops (20 stops over 8 days: 3,3,3,3,2,2,2,2)."""
    if day_count < 1:
        raise ValueError("an edition lasts at least one day")
    per_day, extra = divmod(stop_count, day_count)
    days: list[int] = []
    for day in range(day_count):
        days.extend([day] * (per_day + (1 if day < extra else 0)))
    return days


def _order_column(fieldnames: list[str]) -> str:
    candidates = [name for name in fieldnames if name == "order" or name.startswith("order_")]
    if len(candidates) != 1:
        found = ", ".join(candidates) or "none"
        raise EditionImportError(f"expected one order column ('order' or 'order_<year>'), found {found}", 1)
    return candidates[0]


def _coordinate(raw: str, label: str, line: int) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise EditionImportError(f"{label} {raw!r} is not a number", line) from None
    if not value.is_finite():
        raise EditionImportError(f"{label} {raw!r} is not a number", line)
    return value.quantize(COORDINATE_STEP)


def _parse_row(row: dict, line: int, order_column: str) -> StopRow:
    def text(column: str) -> str:
        return (row.get(column) or "").strip()

    raw_order = text(order_column)
    try:
        order = int(raw_order)
    except ValueError:
        raise EditionImportError(f"order {raw_order!r} is not a whole number", line) from None
    if order < 1:
        raise EditionImportError(f"order {order} must be 1 or more", line)
    if not text("name_fr"):
        raise EditionImportError("name_fr is empty", line)
    if not text("governorate"):
        raise EditionImportError("governorate is empty", line)
    if governorate_named(text("governorate")) is None:
        raise EditionImportError(f"governorate {text('governorate')!r} is not one of Tunisia's 24", line)
    latitude = _coordinate(text("lat"), "latitude", line)
    longitude = _coordinate(text("lon"), "longitude", line)
    west, south, east, north = TUNISIA_BOUNDS
    if not (south <= latitude <= north and west <= longitude <= east):
        raise EditionImportError(
            f"position ({latitude}, {longitude}) is outside Tunisia (expected lat {south}..{north}, lon {west}..{east})",
            line,
        )
    geonames_id = None
    if text("geonames_id"):
        try:
            geonames_id = int(text("geonames_id"))
        except ValueError:
            raise EditionImportError(f"geonames_id {text('geonames_id')!r} is not a whole number", line) from None
    date = None
    if text("date"):
        try:
            date = dt.date.fromisoformat(text("date"))
        except ValueError:
            raise EditionImportError(f"date {text('date')!r} is not a YYYY-MM-DD date", line) from None
    return StopRow(
        line=line,
        order=order,
        name_fr=text("name_fr"),
        name_ar=text("name_ar"),
        name_en=text("name_en"),
        governorate=text("governorate"),
        latitude=latitude,
        longitude=longitude,
        geonames_id=geonames_id,
        position_note=text("position_note"),
        date=date,
    )


def read_stops_csv(path: str | Path) -> list[StopRow]:
    """Every stop of the file in order, or EditionImportError for the first problem found."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fieldnames = [name.strip() for name in (reader.fieldnames or [])]
            if not fieldnames:
                raise EditionImportError("the file is empty")
            reader.fieldnames = fieldnames
            missing = [column for column in REQUIRED_COLUMNS if column not in fieldnames]
            if missing:
                raise EditionImportError(f"missing column(s): {', '.join(missing)}", 1)
            order_column = _order_column(fieldnames)
            rows: list[StopRow] = []
            seen: dict[int, int] = {}
            for raw in reader:
                if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
                    continue
                if None in raw:
                    raise EditionImportError("more fields than columns in the header", reader.line_num)
                stop = _parse_row(raw, reader.line_num, order_column)
                if stop.order in seen:
                    raise EditionImportError(f"order {stop.order} already given on line {seen[stop.order]}", stop.line)
                seen[stop.order] = stop.line
                rows.append(stop)
    except UnicodeDecodeError:
        raise EditionImportError("the file is not UTF-8 text") from None
    except csv.Error as exc:
        raise EditionImportError(f"malformed CSV: {exc}") from None
    if not rows:
        raise EditionImportError("the file has no stop")
    rows.sort(key=lambda stop: stop.order)
    for expected, stop in enumerate(rows, start=1):
        if stop.order != expected:
            raise EditionImportError(
                f"order {stop.order} comes after order {expected - 1}: order {expected} is missing", stop.line
            )
    return rows


def _stop_dates(rows: list[StopRow], start: dt.date, end: dt.date) -> tuple[list[dt.date], bool]:
    """The given dates when every row has one, else dates spread in order (and the edition says so)."""
    dated = [stop for stop in rows if stop.date]
    if not dated:
        offsets = spread_over_days(len(rows), (end - start).days + 1)
        return [start + dt.timedelta(days=offset) for offset in offsets], True
    if len(dated) != len(rows):
        undated = next(stop for stop in rows if not stop.date)
        raise EditionImportError("date is empty: give every stop a date, or none", undated.line)
    previous = None
    for stop in rows:
        if not start <= stop.date <= end:
            raise EditionImportError(f"date {stop.date} is outside the edition ({start} to {end})", stop.line)
        if previous and stop.date < previous:
            raise EditionImportError(f"date {stop.date} is before the previous stop's ({previous})", stop.line)
        previous = stop.date
    return [stop.date for stop in rows], False


def _is_approximate(note: str) -> bool:
    return note.lower().startswith(("approximate", "approximati"))


def import_edition_csv(
    path: str | Path, *, slug: str, start_date: dt.date, end_date: dt.date, **edition_fields
) -> Edition:
    """Create or update the edition `slug` and its stops from a CSV file; importing the same file again
    changes nothing. `edition_fields` are other Edition fields (name_fr, name_ar, number, source, ...)."""
    if end_date < start_date:
        raise EditionImportError(f"the edition ends ({end_date}) before it starts ({start_date})")
    rows = read_stops_csv(path)
    dates, estimated = _stop_dates(rows, start_date, end_date)
    with transaction.atomic():
        edition, _created = Edition.objects.select_for_update().update_or_create(
            slug=slug,
            defaults={
                "start_date": start_date,
                "end_date": end_date,
                "days_are_estimated": estimated,
                **edition_fields,
            },
        )
        existing = {stop.order: stop for stop in Stop.objects.filter(edition=edition)}
        stops = []
        for row, date in zip(rows, dates, strict=True):
            stop = existing.get(row.order) or Stop(edition=edition, order=row.order)
            stop.name_fr = row.name_fr
            stop.name_ar = row.name_ar or None
            stop.name_en = row.name_en or None
            stop.governorate_name = row.governorate
            stop.latitude = row.latitude
            stop.longitude = row.longitude
            stop.geonames_id = row.geonames_id
            stop.position_note = row.position_note
            stop.position_is_approximate = _is_approximate(row.position_note)
            stop.land = land_of(row.name_fr, row.name_ar)
            stop.date = date
            stops.append(stop)
        link_to_territory(stops)
        for stop in stops:
            stop.save()
        Stop.objects.filter(edition=edition, order__gt=len(rows)).delete()
        edition.stop_count = len(stops)
        edition.save(update_fields=["stop_count"])
    return edition


def recount_stops(edition: Edition) -> Edition:
    """Store the edition's stop count again after its stops were edited elsewhere (the admin)."""
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        locked.stop_count = Stop.objects.filter(edition=locked).count()
        locked.save(update_fields=["stop_count"])
    edition.stop_count = locked.stop_count
    return edition


# Planning ------------------------------------------------------------------------------------------------

RESERVED_SLUGS = {"organiser", "inscriptions"}
ORDER_SHIFT = 1000  # above any stop count: renumbering goes through it so the unique order never collides


def new_edition_slug(name: str) -> str:
    base = slugify(name)[:56] or "edition"
    slug, k = base, 1
    while slug in RESERVED_SLUGS or Edition.objects.filter(slug=slug).exists():
        k += 1
        slug = f"{base}-{k}"
    return slug


def create_edition(form, user) -> Edition:
    """A draft edition (not published) with the organiser's rules; its stops are chosen next."""
    with transaction.atomic():
        edition = form.save(commit=False)
        edition.slug = new_edition_slug(edition.name_fr)
        edition.created_by = user if user.is_authenticated else None
        edition.save()
    return edition


def save_edition_rules(form) -> Edition:
    with transaction.atomic():
        return form.save()


def _renumber(edition: Edition, pks_in_order: list[int]) -> None:
    Stop.objects.filter(edition=edition).update(order=F("order") + ORDER_SHIFT)
    for order, pk in enumerate(pks_in_order, start=1):
        Stop.objects.filter(pk=pk).update(order=order)


def _town_point(municipality) -> tuple[Decimal, Decimal, bool]:
    """Where the caravan stops in a municipality: the town of an earlier edition's stop there (GeoNames), else a
    point inside the municipality's outline, marked approximate (outline centroids can be far from the town)."""
    known = (
        Stop.objects.filter(municipality=municipality, position_is_approximate=False)
        .values_list("latitude", "longitude").first()
    )
    if known:
        return known[0], known[1], False
    point = municipality.shape.representative_point()
    return (Decimal(point.y).quantize(COORDINATE_STEP), Decimal(point.x).quantize(COORDINATE_STEP), True)


def set_municipalities(edition: Edition, selected_ids, shown_ids) -> tuple[int, int, list[Stop]]:
    """Add a stop for each selected municipality, remove the stops of the shown ones left unticked (a filtered
    list leaves the others as they were). Stops with registrations are kept. Returns (added, removed, kept)."""

    selected, shown = set(selected_ids), set(shown_ids) | set(selected_ids)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        stops = list(Stop.objects.filter(edition=edition).order_by("order"))
        present = {stop.municipality_id for stop in stops}
        drop = [stop for stop in stops if stop.municipality_id in shown - selected]
        kept = [stop for stop in drop if stop.registration_count or stop.waitlist_count]
        removed = [stop for stop in drop if stop not in kept]
        Stop.objects.filter(pk__in=[stop.pk for stop in removed]).delete()
        remaining = [stop.pk for stop in stops if stop not in removed]
        _renumber(edition, remaining)
        order = len(remaining)
        adding = (
            Municipality.objects.filter(pk__in=selected - present).select_related("governorate").order_by("slug")
        )
        added = 0
        for municipality in adding:
            lat, lon, approximate = _town_point(municipality)
            order += 1
            Stop.objects.create(
                edition=edition, order=order, municipality=municipality, governorate=municipality.governorate,
                governorate_name=municipality.governorate.name_fr, name_fr=municipality.name_fr,
                name_ar=municipality.name_ar, name_en=municipality.name_en, latitude=lat, longitude=lon,
                position_is_approximate=approximate,
                position_note="approximate: a point inside the municipality's outline" if approximate else "",
                land=land_of(municipality.name_fr, municipality.name_en or "", municipality.name_ar or ""),
            )
            added += 1
        edition.stop_count = order
        edition.save(update_fields=["stop_count"])
    return added, len(removed), kept


def move_stop(stop: Stop, step: int) -> bool:
    """Swap the stop with the one before (step -1) or after (+1) it; False at either end of the tour."""
    with transaction.atomic():
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


def save_stop(form) -> Stop:
    with transaction.atomic():
        return form.save()


def request_plan(edition: Edition, user, kind: str):
    """Record a PlanRun with the instance as it is now and hand it to the background worker once committed.

    Raises madina.tour.io.InstanceError / ValueError when the core would refuse the instance (e.g. no stop)."""
    from .tasks import run_plan

    stops = list(Stop.objects.filter(edition=edition).order_by("order"))
    data = planning.instance_data(edition, stops)
    planning.check_instance(data)
    with transaction.atomic():
        run = PlanRun.objects.create(
            edition=edition, kind=kind, instance=data, created_by=user if user.is_authenticated else None
        )
        transaction.on_commit(lambda: run_plan.enqueue(run.pk))
    return run


def record_progress(run_id: int, phase: str, percent: int, message: str = "") -> None:

    PlanRun.objects.filter(pk=run_id).update(phase=phase, progress=percent, message=message)


def execute_plan_run(run_id: int) -> str:
    """Run the planner for a queued PlanRun and store its plan (or the error); returns the final status."""

    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.QUEUED:
            return run.status if run else "missing"
        run.status, run.started_at = PlanRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    reporter = planning.Reporter(lambda *args: record_progress(run_id, *args), planning.plan_seconds())
    try:
        result = planning.compute(run.instance, run.kind, reporter)
    except (ValueError, KeyError) as exc:  # the instance changed shape, or the core refused it
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.FAILED, message=str(exc)[:300], finished_at=timezone.now(),
            phase=PlanRun.Phase.FINISHED,
        )
        return PlanRun.Status.FAILED
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanRun.Status.DONE, result=result, progress=100, phase=PlanRun.Phase.FINISHED, message="",
        finished_at=timezone.now(),
    )
    return PlanRun.Status.DONE


class PlanNotApplicable(ValueError):
    """The plan cannot be written to the stops: it is not feasible, or the stops changed since it was made."""


def apply_plan(run, *, publish: bool) -> Edition:
    """Write the plan's order, days and session times to the stops; with `publish`, publish the edition."""

    if not (run.result and run.result["feasible"]):
        raise PlanNotApplicable("no feasible plan")
    schedule = planning.schedule_of(run.result)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=run.edition_id)
        current = set(Stop.objects.filter(edition=edition).values_list("pk", flat=True))
        if current != {row.pk for row in schedule}:
            raise PlanNotApplicable("the stops changed since this plan was made")
        _renumber(edition, [row.pk for row in schedule])
        for row in schedule:
            Stop.objects.filter(pk=row.pk).update(date=row.date, starts_at=row.starts_at, ends_at=row.ends_at)
        edition.days_are_estimated = False
        edition.published_run = run
        fields = ["days_are_estimated", "published_run"]
        if publish:
            edition.is_published = True
            fields.append("is_published")
        edition.save(update_fields=fields)
    return edition


# Registrations -------------------------------------------------------------------------------------------


class AlreadyRegistered(ValueError):
    """This e-mail address is already registered for the stop (confirmed or waitlisted)."""


class RegistrationClosed(ValueError):
    """The stop's day is past or not fixed."""


def registration_is_open(stop: Stop) -> bool:
    return stop.date is not None and stop.date >= timezone.localdate()


def register(stop: Stop, *, name: str, email: str, sector: str, organisation: str = "", consent: bool = False,
             language: str = "fr"):
    """Register a person for the stop: confirmed while places are left, else on the waiting list. The stop row
    is locked so that two people cannot take the last place; the confirmation e-mail leaves once committed."""
    from .tasks import send_registration_email

    email = email.strip().lower()
    with transaction.atomic():
        locked = Stop.objects.select_for_update().get(pk=stop.pk)
        if not registration_is_open(locked):
            raise RegistrationClosed(stop)
        earlier = Registration.objects.filter(stop=locked, email=email).first()
        if earlier and earlier.status != Registration.Status.CANCELLED:
            raise AlreadyRegistered(email)
        confirmed = not locked.is_full
        status = Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED
        fields = {"name": name, "organisation": organisation, "sector": sector, "consent": consent,
                  "status": status, "language": language}
        if earlier:  # came back after cancelling: the same row, at the end of the queue
            for key, value in fields.items():
                setattr(earlier, key, value)
            earlier.created_at = timezone.now()
            earlier.save()
            registration = earlier
        else:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(stop=locked, email=email, **fields)
            except IntegrityError:
                raise AlreadyRegistered(email) from None
        if confirmed:
            locked.registration_count += 1
        else:
            locked.waitlist_count += 1
        locked.save(update_fields=["registration_count", "waitlist_count"])
        transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk, status))
    stop.registration_count, stop.waitlist_count = locked.registration_count, locked.waitlist_count
    return registration


def cancel_registration(registration):
    """Cancel a registration; a confirmed place goes to the first person waiting, who is told by e-mail.

    Returns the promoted registration, if any."""
    from .tasks import send_registration_email

    with transaction.atomic():
        stop = Stop.objects.select_for_update().get(pk=registration.stop_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return None
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
                .filter(stop=stop, status=Registration.Status.WAITLISTED).order_by("created_at", "pk").first()
            )
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
                stop.waitlist_count -= 1
                stop.registration_count += 1
                transaction.on_commit(lambda: send_registration_email.enqueue(promoted.pk, "promoted"))
        stop.save(update_fields=["registration_count", "waitlist_count"])
    registration.status = Registration.Status.CANCELLED
    return promoted
