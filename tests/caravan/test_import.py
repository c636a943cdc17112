"""Importing an edition from CSV: the 2020 file, a second run, and every kind of malformed file."""

import datetime as dt
from pathlib import Path

import pytest

from madina.caravan.demo import load_2020_edition
from madina.caravan.importer import EditionImportError, import_edition_csv, spread_over_days
from madina.caravan.models import Edition, Stop
from madina.caravan.services import recount_stops
from madina.core.permissions import OPERATOR
from tests.conftest import REPO

CSV_2020 = REPO / "data" / "caravan" / "caravan-2020.csv"
EDITION = {"slug": "test", "name_fr": "Essai", "start_date": dt.date(2020, 3, 9), "end_date": dt.date(2020, 3, 16)}
HEADER = "order_2020,name_fr,name_ar,governorate,lat,lon,geonames_id,position_note"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "stops.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot():
    stops = Stop.objects.order_by("edition__slug", "order").values_list(
        "edition__slug", "order", "name_fr", "name_ar", "governorate_name", "latitude", "longitude", "date",
        "position_note", "position_is_approximate", "municipality_id", "governorate_id",
    )
    editions = Edition.objects.values_list("slug", "name_fr", "start_date", "end_date", "stop_count",
                                           "days_are_estimated")
    return list(editions), list(stops)


@pytest.mark.parametrize(
    ("stops", "days", "expected"),
    [
        (20, 8, [3, 3, 3, 3, 2, 2, 2, 2]),
        (16, 8, [2] * 8),
        (3, 5, [1, 1, 1, 0, 0]),
        (7, 1, [7]),
    ],
)
def test_stops_are_spread_evenly_in_order(stops, days, expected):
    spread = spread_over_days(stops, days)
    assert spread == sorted(spread)
    assert [spread.count(day) for day in range(days)] == expected


@pytest.mark.django_db
def test_the_2020_edition_has_its_20_stops_in_the_announced_order():
    edition = load_2020_edition()
    edition.refresh_from_db()
    stops = list(edition.stops.order_by("order"))
    assert edition.stop_count == 20 == len(stops)
    assert [s.order for s in stops] == list(range(1, 21))
    assert (stops[0].name_fr, stops[0].name_ar) == ("Sbeïtla", "سبيطلة")
    assert stops[-1].name_fr == "Sakiet Eddaier"
    assert edition.number == 2
    assert (edition.start_date, edition.end_date) == (dt.date(2020, 3, 9), dt.date(2020, 3, 16))
    assert edition.days_are_estimated
    days = [s.date.day for s in stops]
    assert days == sorted(days)
    assert set(days) == set(range(9, 17))
    assert [days.count(d) for d in range(9, 17)] == [3, 3, 3, 3, 2, 2, 2, 2]
    approximate = {s.name_fr for s in stops if s.position_is_approximate}
    assert approximate == {"Hezoua", "Kerkennah"}
    assert stops[0].governorate_name == "Kasserine"


@pytest.mark.django_db
def test_importing_twice_changes_nothing():
    load_2020_edition()
    before = snapshot()
    ids = sorted(Stop.objects.values_list("pk", flat=True))
    load_2020_edition()
    assert snapshot() == before
    assert sorted(Stop.objects.values_list("pk", flat=True)) == ids
    assert Edition.objects.count() == 1


@pytest.mark.django_db
def test_a_shorter_file_removes_the_stops_it_no_longer_has(tmp_path):
    import_edition_csv(CSV_2020, OPERATOR, **EDITION)
    lines = CSV_2020.read_text(encoding="utf-8").splitlines()
    edition = import_edition_csv(write(tmp_path, *lines[:6]), OPERATOR, **EDITION)
    assert edition.stop_count == 5
    assert list(edition.stops.values_list("order", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_given_dates_are_kept_and_not_estimated(tmp_path):
    path = write(
        tmp_path,
        "order,name_fr,governorate,lat,lon,date",
        "1,Sbeïtla,Kasserine,35.23151,9.12321,2020-03-09",
        "2,Kasserine,Kasserine,35.16758,8.83651,2020-03-11",
    )
    edition = import_edition_csv(path, OPERATOR, **EDITION)
    assert not edition.days_are_estimated
    assert [s.date for s in edition.stops.all()] == [dt.date(2020, 3, 9), dt.date(2020, 3, 11)]


@pytest.mark.django_db
def test_recount_stores_the_number_of_stops():
    edition = load_2020_edition()
    edition.stops.filter(order__gt=18).delete()
    recount_stops(edition, OPERATOR)
    assert Edition.objects.get(pk=edition.pk).stop_count == 18


GOOD = "1,Sbeïtla,سبيطلة,Kasserine,35.23151,9.12321,2464979,"
SECOND = "2,Kasserine,القصرين,Kasserine,35.16758,8.83651,2473457,"


@pytest.mark.parametrize(
    ("lines", "line", "problem"),
    [
        (["order_2020,name_fr,governorate,lon", GOOD], 1, "missing column(s): lat"),
        ([HEADER.replace("order_2020", "rank"), GOOD], 1, "one order column"),
        ([HEADER, GOOD, "2,Kasserine,القصرين,Kasserine,35.1a,8.83,,"], 3, "latitude '35.1a' is not a number"),
        ([HEADER, GOOD, "2,Kasserine,القصرين,Kasserine,35.16,,,"], 3, "longitude '' is not a number"),
        ([HEADER, GOOD, "2,Kasserine,القصرين,Kasserine,8.83651,35.16758,,"], 3, "outside Tunisia"),
        ([HEADER, GOOD, "2,Paris,باريس,Kasserine,48.85,2.35,,"], 3, "outside Tunisia"),
        ([HEADER, GOOD, "2,Tripoli,طرابلس,Tripolitania,33.1,11.9,,"], 3, "governorate 'Tripolitania' is not"),
        ([HEADER, GOOD, SECOND, SECOND.replace("2,Kasserine", "2,Sbiba")], 4, "order 2 already given on line 3"),
        ([HEADER, GOOD, SECOND.replace("2,", "3,", 1)], 3, "order 2 is missing"),
        ([HEADER, SECOND], 2, "order 1 is missing"),
        ([HEADER, GOOD, SECOND.replace("2,", "two,", 1)], 3, "order 'two' is not a whole number"),
        ([HEADER, GOOD, SECOND.replace("Kasserine,القصرين", ",القصرين")], 3, "name_fr is empty"),
        ([HEADER, GOOD, SECOND.replace("2473457", "x7")], 3, "geonames_id 'x7' is not a whole number"),
        ([HEADER, GOOD, SECOND + ",extra"], 3, "more fields than columns"),
        ([HEADER], None, "no stop"),
        ([""], None, "the file is empty"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_file_names_the_line_and_writes_nothing(tmp_path, lines, line, problem):
    load_2020_edition()
    before = snapshot()
    with pytest.raises(EditionImportError) as error:
        import_edition_csv(write(tmp_path, *lines), OPERATOR, **{**EDITION, "slug": "2020"})
    assert error.value.line == line
    assert problem in str(error.value)
    if line:
        assert str(error.value).startswith(f"line {line}: ")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("dates", "line", "problem"),
    [
        (["2020-03-09", ""], 3, "give every stop a date, or none"),
        (["2020-03-09", "2020-03-20"], 3, "outside the edition"),
        (["2020-03-10", "2020-03-09"], 3, "before the previous stop"),
        (["2020-03-09", "09/03/2020"], 3, "is not a YYYY-MM-DD date"),
    ],
)
@pytest.mark.django_db
def test_bad_dates_are_refused(tmp_path, dates, line, problem):
    path = write(
        tmp_path,
        "order,name_fr,governorate,lat,lon,date",
        f"1,Sbeïtla,Kasserine,35.23151,9.12321,{dates[0]}",
        f"2,Kasserine,Kasserine,35.16758,8.83651,{dates[1]}",
    )
    with pytest.raises(EditionImportError, match=problem) as error:
        import_edition_csv(path, OPERATOR, **EDITION)
    assert error.value.line == line
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + "1,Sbeïtla,,Kasserine,35.2,9.1,,\n").encode("latin-1"))
    with pytest.raises(EditionImportError, match="not UTF-8"):
        import_edition_csv(path, OPERATOR, **EDITION)
    assert not Edition.objects.exists()
