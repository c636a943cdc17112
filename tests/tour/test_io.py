"""Malformed instance files: each error names where it is and what was expected."""

import copy
import json

import pytest

from madina.tour.cli import main
from madina.tour.io import InstanceError, load_instance, parse_instance
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "caravan-2020.json"


@pytest.fixture
def raw():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_example_reads(raw):
    instance = parse_instance(raw)
    assert len(instance.stops) == 20 and instance.stop("kerkennah").point.land == "kerkennah"
    assert instance.rules.max_drive == 300 and instance.rules.start == 480 and instance.rules.end == 1140
    assert [d.isoformat() for d in instance.teams[0].dates][::7] == ["2020-03-09", "2020-03-16"]


def _broken(raw, change):
    data = copy.deepcopy(raw)
    change(data)
    return data


CASES = [
    ("stops[3].lat", "latitude", lambda d: d["stops"][3].update(lat="north")),
    ("stops[3].lat", "between -90 and 90", lambda d: d["stops"][3].update(lat=135)),
    ("stops[2].id", "unique", lambda d: d["stops"][2].update(id=d["stops"][1]["id"])),
    ("stops[0].session", "duration", lambda d: d["stops"][0].update(session="long")),
    ("stops[1].windows[0]", "end after the start", lambda d: d["stops"][1].update(windows=[["14:00", "09:00"]])),
    ("stops[1].day", "date", lambda d: d["stops"][1].update(day="9 March")),
    ("day.start", "clock time", lambda d: d["day"].update(start="8 am")),
    ("day.end", "after day.start", lambda d: d["day"].update(end="07:00")),
    ("teams", "non-empty list", lambda d: d.update(teams=[])),
    ("teams[0].to", "on or after", lambda d: d["teams"][0].update(to="2020-03-01")),
    ("start", "id of a stop", lambda d: d.update(start="carthage")),
    ("links[0].kind", "ferry", lambda d: d["links"][0].update(kind="bridge")),
    ("links[0].a.departures[1]", "clock time", lambda d: d["links"][0]["a"]["departures"].__setitem__(1, "noon")),
    ("links[0]", "two lands", lambda d: d["links"][0]["b"].update(land="mainland")),
    ("travel.kind", "great-circle", lambda d: d["travel"].update(kind="teleport")),
    ("travel.circuity", "between 1 and 3", lambda d: d["travel"].update(circuity=0.5)),
    ("travel.points", "missing", lambda d: d.update(travel={"kind": "matrix", "points": ["sbeitla"], "minutes": [[0]]})),
    ("format", "madina-tour/1", lambda d: d.update(format="other/9")),
    ("stops", "list of stops", lambda d: d.pop("stops")),
]


@pytest.mark.parametrize(("location", "expected", "change"), CASES, ids=[c[0] + ":" + c[1] for c in CASES])
def test_malformed_instances_say_where_and_what(raw, location, expected, change):
    with pytest.raises(InstanceError) as info:
        parse_instance(_broken(raw, change))
    assert info.value.location == location
    assert expected in info.value.message


def test_bad_json_gives_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"stops": [\n  {"id": "a",}\n]}')
    with pytest.raises(InstanceError) as info:
        load_instance(path)
    assert info.value.location == "line 2, column 14"


def test_the_cli_reports_the_location_and_fails(tmp_path, raw, capsys):
    raw["stops"][5]["lon"] = "east"
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(raw))
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert "stops[5].lon" in err and "expected a longitude" in err
