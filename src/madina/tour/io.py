"""The JSON instance format (docs/tour-format.md): reading it with errors that say where and what was expected,
and writing it back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from madina.tour.duration import clock, parse_clock, parse_duration
from madina.tour.model import MAINLAND, DayRules, Instance, Link, LinkEnd, Point, Stop, Team, Travel

FORMAT = "madina-tour/1"
TRAVEL_KINDS = ("great-circle", "matrix", "osrm", "valhalla")


class InstanceError(ValueError):
    """A malformed instance: `location` is a JSON path such as stops[3].lat, or line:column for bad JSON."""

    def __init__(self, location: str, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def _at(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


def _get(obj: dict, key: str, path: str, kind: type | tuple, default: Any = ..., what: str = "") -> Any:
    if key not in obj:
        if default is ...:
            raise InstanceError(_at(path, key), f"missing; expected {what or _kind_name(kind)}")
        return default
    value = obj[key]
    # JSON true/false are not numbers here, though Python's bool is an int
    wrong_bool = isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))
    if wrong_bool or not isinstance(value, kind):
        raise InstanceError(_at(path, key), f"expected {what or _kind_name(kind)}, got {json.dumps(value)}")
    return value


def _kind_name(kind: type | tuple) -> str:
    names = {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds if k is not int or float not in kinds)


def _convert(path: str, fn, value):
    try:
        return fn(value)
    except (ValueError, TypeError) as exc:
        raise InstanceError(path, str(exc)) from None


def _date(text: Any, path: str) -> date:
    if not isinstance(text, str):
        raise InstanceError(path, f"expected a date YYYY-MM-DD, got {json.dumps(text)}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InstanceError(path, f"expected a date YYYY-MM-DD, got {json.dumps(text)}") from None


def _dates(values: Any, path: str) -> list[date]:
    if not isinstance(values, list):
        raise InstanceError(path, f"expected a list of dates YYYY-MM-DD, got {json.dumps(values)}")
    return [_date(v, _at(path, i)) for i, v in enumerate(values)]


def _point(obj: dict, path: str, pid: str) -> Point:
    lat = _get(obj, "lat", path, (int, float), what="a latitude in degrees")
    lon = _get(obj, "lon", path, (int, float), what="a longitude in degrees")
    if not -90 <= lat <= 90:
        raise InstanceError(_at(path, "lat"), f"expected a latitude between -90 and 90, got {lat}")
    if not -180 <= lon <= 180:
        raise InstanceError(_at(path, "lon"), f"expected a longitude between -180 and 180, got {lon}")
    land = _get(obj, "land", path, str, MAINLAND, what="the name of a land mass (mainland, an island)")
    return Point(pid, float(lat), float(lon), land)


def _window(value: Any, path: str) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2):
        raise InstanceError(path, f'expected ["HH:MM", "HH:MM"], got {json.dumps(value)}')
    start = _convert(_at(path, 0), parse_clock, value[0])
    end = _convert(_at(path, 1), parse_clock, value[1])
    if end <= start:
        raise InstanceError(path, f"expected the end after the start, got {value[0]} - {value[1]}")
    return start, end


def _object(value: Any, path: str, what: str) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(path, f"expected {what}, got {json.dumps(value)[:60]}")
    return value


def _list(obj: dict, key: str, path: str, what: str, required: bool = True) -> list:
    return _get(obj, key, path, list, ... if required else [], what=what)


def parse_instance(data: Any) -> Instance:
    root = _object(data, "(top)", "a JSON object with stops, teams and day")
    fmt = _get(root, "format", "", str, FORMAT)
    if fmt != FORMAT:
        raise InstanceError("format", f"expected {FORMAT!r}, got {fmt!r}")
    name = _get(root, "name", "", str, "tour")
    default_session = _convert("session", parse_duration, root.get("session", 120))

    raw_stops = _list(root, "stops", "", "a list of stops")
    if not raw_stops:
        raise InstanceError("stops", "expected at least one stop")
    stops: list[Stop] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_stops):
        path = _at("stops", i)
        obj = _object(raw, path, "a stop object with id, name, lat, lon")
        sid = _get(obj, "id", path, str, what="a stop id (a string)")
        if not sid or sid in seen:
            raise InstanceError(_at(path, "id"), f"expected a unique non-empty id, got {sid!r} twice" if sid
                                else "expected a non-empty id")
        seen.add(sid)
        session = _convert(_at(path, "session"), parse_duration, obj.get("session", default_session))
        dates = frozenset(_dates(obj["dates"], _at(path, "dates"))) if "dates" in obj else None
        windows = None
        if "windows" in obj:
            raw_windows = _get(obj, "windows", path, list, what='a list of ["HH:MM", "HH:MM"]')
            windows = tuple(sorted(_window(w, _at(_at(path, "windows"), k)) for k, w in enumerate(raw_windows)))
        day = _date(obj["day"], _at(path, "day")) if "day" in obj else None
        team = _get(obj, "team", path, (str, type(None)), None, what="the id of a team")
        stops.append(Stop(sid, _get(obj, "name", path, str, sid), _point(obj, path, sid), session,
                          dates, windows, day, team))

    ids = {s.id for s in stops}

    def stop_ref(obj: dict, key: str, path: str, default: str | None) -> str | None:
        value = _get(obj, key, path, (str, type(None)), default, what="a stop id")
        if value is not None and value not in ids:
            raise InstanceError(_at(path, key), f"expected the id of a stop, got {value!r}")
        return value

    start = stop_ref(root, "start", "", None)
    end = stop_ref(root, "end", "", None)
    common_rest = set(_dates(root.get("rest_days", []), "rest_days"))

    day_obj = _object(root.get("day"), "day", 'an object {"start": "08:00", "end": "19:00", "max_drive": "5:00"}')
    d_start = _convert("day.start", parse_clock, _get(day_obj, "start", "day", str, what="a clock time HH:MM"))
    d_end = _convert("day.end", parse_clock, _get(day_obj, "end", "day", str, what="a clock time HH:MM"))
    if d_end <= d_start:
        raise InstanceError("day.end", f"expected a time after day.start ({clock(d_start)}), got {clock(d_end)}")
    max_drive = _convert("day.max_drive", parse_duration, day_obj.get("max_drive", d_end - d_start))
    evening_drive, evening_latest = 0, d_end
    if "evening" in day_obj:
        ev = _object(day_obj["evening"], "day.evening", 'an object {"max_drive": "1:30", "latest_arrival": "21:30"}')
        evening_drive = _convert("day.evening.max_drive", parse_duration, ev.get("max_drive", 0))
        evening_latest = _convert("day.evening.latest_arrival", parse_clock, ev.get("latest_arrival", "23:59"))
    rules = DayRules(d_start, d_end, max_drive, evening_drive, evening_latest)

    raw_teams = root.get("teams")
    if raw_teams is None:
        raise InstanceError("teams", 'missing; expected a list of teams [{"id": ..., "from": "2020-03-09", "to": ...}]')
    if not isinstance(raw_teams, list) or not raw_teams:
        raise InstanceError("teams", f"expected a non-empty list of teams, got {json.dumps(raw_teams)[:60]}")
    teams = []
    for i, raw in enumerate(raw_teams):
        path = _at("teams", i)
        obj = _object(raw, path, 'a team object {"id": ..., "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}')
        tid = _get(obj, "id", path, str, f"team-{i + 1}")
        first = _date(_get(obj, "from", path, str, what="the first date YYYY-MM-DD"), _at(path, "from"))
        last = _date(_get(obj, "to", path, str, what="the last date YYYY-MM-DD"), _at(path, "to"))
        if last < first:
            raise InstanceError(_at(path, "to"), f"expected a date on or after {first}, got {last}")
        rest = common_rest | set(_dates(obj.get("rest_days", []), _at(path, "rest_days")))
        span = [first + timedelta(days=k) for k in range((last - first).days + 1)]
        teams.append(Team(tid, _get(obj, "name", path, str, tid), tuple(d for d in span if d not in rest),
                          tuple(sorted(d for d in span if d in rest)),
                          stop_ref(obj, "start", path, start), stop_ref(obj, "end", path, end)))
    if len({t.id for t in teams}) != len(teams):
        raise InstanceError("teams", "expected unique team ids")
    team_ids = {t.id for t in teams}
    for i, stop in enumerate(stops):
        if stop.team is not None and stop.team not in team_ids:
            raise InstanceError(_at(_at("stops", i), "team"), f"expected the id of a team, got {stop.team!r}")

    links = []
    for i, raw in enumerate(_list(root, "links", "", "a list of water links", required=False)):
        path = _at("links", i)
        obj = _object(raw, path, "a link object with id, kind, minutes, a, b")
        lid = _get(obj, "id", path, str, f"link-{i + 1}")
        kind = _get(obj, "kind", path, str, "ferry")
        if kind not in ("ferry", "road"):
            raise InstanceError(_at(path, "kind"), f"expected 'ferry' or 'road' (a causeway), got {kind!r}")
        minutes = _convert(_at(path, "minutes"), parse_duration, _get(obj, "minutes", path, (int, str),
                                                                         what="the crossing time"))
        ends = []
        for side in ("a", "b"):
            epath = _at(path, side)
            end_obj = _object(obj.get(side), epath, "a link end object with name, lat, lon, land")
            deps = None
            if "departures" in end_obj:
                raw_deps = _get(end_obj, "departures", epath, list, what='a list of clock times ["12:30", ...]')
                deps = tuple(sorted(_convert(_at(_at(epath, "departures"), k), parse_clock, d)
                                    for k, d in enumerate(raw_deps)))
                if not deps:
                    raise InstanceError(_at(epath, "departures"), "expected at least one departure time")
            pid = _get(end_obj, "id", epath, str, f"{lid}.{side}")
            ends.append(LinkEnd(_point(end_obj, epath, pid), _get(end_obj, "name", epath, str, pid), deps))
        if ends[0].point.land == ends[1].point.land:
            raise InstanceError(path, f"expected a link between two lands, both ends are on {ends[0].point.land!r}")
        links.append(Link(lid, _get(obj, "name", path, str, lid), kind, minutes, ends[0], ends[1]))

    travel = _travel(root.get("travel", {"kind": "great-circle"}), stops, links)
    return Instance(name, tuple(stops), tuple(teams), rules, tuple(links), travel)


def _travel(raw: Any, stops: list[Stop], links: list[Link]) -> Travel:
    obj = _object(raw, "travel", 'an object {"kind": "great-circle", "circuity": 1.25, "speed_kmh": 70}')
    kind = _get(obj, "kind", "travel", str, "great-circle")
    if kind not in TRAVEL_KINDS:
        raise InstanceError("travel.kind", f"expected one of {', '.join(TRAVEL_KINDS)}, got {kind!r}")
    if kind == "great-circle":
        circuity = _get(obj, "circuity", "travel", (int, float), 1.25)
        speed = _get(obj, "speed_kmh", "travel", (int, float), 70.0)
        if not 1 <= circuity <= 3:
            raise InstanceError("travel.circuity", f"expected a road/straight-line ratio between 1 and 3, got {circuity}")
        if not 5 <= speed <= 150:
            raise InstanceError("travel.speed_kmh", f"expected an average speed between 5 and 150 km/h, got {speed}")
        return Travel(kind, float(circuity), float(speed))
    if kind == "matrix":
        points = _get(obj, "points", "travel", list, what="the list of point ids (stops and link ends)")
        rows = _get(obj, "minutes", "travel", list, what="a square list of lists of minutes")
        if len(rows) != len(points):
            raise InstanceError("travel.minutes", f"expected {len(points)} rows (one per point), got {len(rows)}")
        for r, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(points):
                raise InstanceError(f"travel.minutes[{r}]", f"expected a list of {len(points)} minutes")
            for c, cell in enumerate(row):
                if isinstance(cell, bool) or not isinstance(cell, int) or cell < 0:
                    raise InstanceError(f"travel.minutes[{r}][{c}]", f"expected whole minutes >= 0, got {cell!r}")
        needed = [s.id for s in stops] + [e.point.id for link in links for e in (link.a, link.b)]
        missing = [p for p in needed if p not in points]
        if missing:
            raise InstanceError("travel.points", f"expected every stop and link end, missing {', '.join(missing)}")
        return Travel(kind, points=tuple(points), minutes=tuple(tuple(row) for row in rows))
    url = _get(obj, "url", "travel", str, what="the routing server's base URL (http://...)")
    if not url.startswith(("http://", "https://")):
        raise InstanceError("travel.url", f"expected an http:// or https:// URL, got {url!r}")
    return Travel(kind, url=url, profile=_get(obj, "profile", "travel", str, ""),
                  cache=_get(obj, "cache", "travel", str, None))


def read_json(path: str | Path) -> Any:
    """The JSON in a file; invalid JSON is an InstanceError at its line and column."""
    text = Path(path).read_text(encoding="utf-8-sig")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from None


def load_instance(path: str | Path) -> Instance:
    return parse_instance(read_json(path))
