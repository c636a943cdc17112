"""Importing an edition's stops from a CSV file (the 2020 edition's list, or an organiser's own).

The whole file is read and checked before anything is written, so a bad file leaves the database as it was, and
the error names the line and the problem for the organiser who prepared the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from madina.core.errors import Invalid
from madina.core.geo import TUNISIA_BOUNDS
from madina.core.permissions import require
from madina.territory.gazetteer import governorate_named

from .matching import link_to_territory
from .models import COORDINATE_STEP, Edition, Stop
from .planning import land_of
from .tours import ensure_tour

REQUIRED_COLUMNS = ("name_fr", "governorate", "lat", "lon")


class EditionImportError(Invalid):
    """A CSV file that cannot be imported; `line` is the file's line (the header is line 1). The file is the
    organiser's, read on the command line: the problem is said in English, like the CSV's column names."""

    def __init__(self, problem: str, line: int | None = None):
        self.problem = problem
        self.line = line
        super().__init__(f"line {line}: {problem}" if line else problem, field="file")


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
    path: str | Path, user, *, slug: str, start_date: dt.date, end_date: dt.date, **edition_fields
) -> Edition:
    """Create or update the edition `slug` and its stops from a CSV file; importing the same file again
    changes nothing. `edition_fields` are other Edition fields (name_fr, name_ar, number, source, ...)."""
    require("caravan.plan_edition", user)
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
        ensure_tour(edition)
    return edition
