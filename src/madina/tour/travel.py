"""Drive times between stops, and the legs that cross water only through a declared link.

Every stop and every end of a water link is a point on a land ("mainland", "kerkennah", ...). Drive times are
known only between points of the same land (great-circle distance x circuity / speed, a matrix given in the
instance, or a routing server); a leg between two lands is the cheapest chain drive - link - drive (- link -
drive ...), chosen on crossing minutes, so no leg ever crosses the sea except on a declared link.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from madina.tour.duration import DAY
from madina.tour.model import Event, Instance, Link, Point

UNREACHABLE = 10**7
EARTH_RADIUS_KM = 6371.0088


class TravelError(Exception):
    """The travel times cannot be had (a routing server down or answering nonsense, a matrix missing a point)."""


def _great_circle_minutes(points: list[Point], circuity: float, speed_kmh: float) -> np.ndarray:
    lat = np.radians([p.lat for p in points])
    lon = np.radians([p.lon for p in points])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return np.rint(km * circuity / speed_kmh * 60).astype(np.int64)


def _fetch_json(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except (OSError, ValueError) as exc:
        raise TravelError(f"routing server {url.split('?')[0]}: {exc}") from exc


def _server_seconds(kind: str, url: str, profile: str, points: list[Point]) -> list[list]:
    base = url.rstrip("/")
    if kind == "osrm":
        coords = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points)
        answer = _fetch_json(f"{base}/table/v1/{profile or 'driving'}/{coords}?annotations=duration")
        if answer.get("code") != "Ok" or "durations" not in answer:
            raise TravelError(f"OSRM answered {answer.get('code')!r}: {answer.get('message', '')}")
        return answer["durations"]
    places = [{"lat": p.lat, "lon": p.lon} for p in points]
    answer = _fetch_json(
        f"{base}/sources_to_targets", {"sources": places, "targets": places, "costing": profile or "auto"}
    )
    if "sources_to_targets" not in answer:
        raise TravelError(f"Valhalla answered without sources_to_targets: {str(answer)[:200]}")
    return [[cell.get("time") for cell in row] for row in answer["sources_to_targets"]]


def _server_minutes(kind: str, url: str, profile: str, cache: str | None, points: list[Point]) -> np.ndarray:
    """Ask the routing server once per set of points; the answer is kept in a cache directory."""
    key = hashlib.sha256(
        json.dumps([kind, url, profile, [(p.lat, p.lon) for p in points]]).encode()
    ).hexdigest()[:32]
    folder = Path(cache or os.environ.get("MADINA_TOUR_CACHE") or Path.home() / ".cache" / "madina" / "tour")
    path = folder / f"{kind}-{key}.json"
    if path.exists():
        return np.array(json.loads(path.read_text()), dtype=np.int64)
    seconds = _server_seconds(kind, url, profile, points)
    if len(seconds) != len(points) or any(len(row) != len(points) for row in seconds):
        raise TravelError(f"routing server answered a table of the wrong size for {len(points)} points")
    minutes = [[UNREACHABLE if s is None else round(s / 60) for s in row] for row in seconds]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(minutes))
    return np.array(minutes, dtype=np.int64)


def point_minutes(instance: Instance, points: list[Point]) -> np.ndarray:
    """Drive minutes between points of the same land; UNREACHABLE between lands."""
    travel = instance.travel
    n = len(points)
    out = np.full((n, n), UNREACHABLE, dtype=np.int64)
    if travel.kind == "matrix":
        index = {pid: i for i, pid in enumerate(travel.points)}
        missing = [p.id for p in points if p.id not in index]
        if missing:
            raise TravelError(f"the travel matrix has no row for {', '.join(missing)}")
        rows = np.array(travel.minutes, dtype=np.int64)
        idx = np.array([index[p.id] for p in points])
        full = rows[np.ix_(idx, idx)]
    lands: dict[str, list[int]] = {}
    for i, p in enumerate(points):
        lands.setdefault(p.land, []).append(i)
    for members in lands.values():
        sub = [points[i] for i in members]
        if travel.kind == "great-circle":
            block = _great_circle_minutes(sub, travel.circuity, travel.speed_kmh)
        elif travel.kind == "matrix":
            block = full[np.ix_(members, members)]
        else:
            block = _server_minutes(travel.kind, travel.url, travel.profile, travel.cache, sub)
        out[np.ix_(members, members)] = block
    np.fill_diagonal(out, 0)
    return out


@dataclass(frozen=True)
class Step:
    """Part of a leg: a drive between two points of one land, or a link crossed in one direction."""

    minutes: int
    start: Point
    end: Point
    link: Link | None = None
    departures: tuple[int, ...] | None = None


class Network:
    """Legs between the stops of an instance: drive minutes, ferry minutes and the steps, for every pair."""

    def __init__(self, instance: Instance):
        self.stops = instance.stops
        self.index = {stop.id: i for i, stop in enumerate(self.stops)}
        ends = [(link, end) for link in instance.links for end in (link.a, link.b)]
        points = [stop.point for stop in self.stops] + [end.point for _, end in ends]
        self.names = {stop.point.id: stop.name for stop in self.stops}
        self.names.update({end.point.id: end.name for _, end in ends})
        minutes = point_minutes(instance, points)
        n = len(self.stops)
        self.drive = minutes[:n, :n].copy()
        self.ferry = np.zeros((n, n), dtype=np.int64)
        self.steps: dict[tuple[int, int], tuple[Step, ...]] = {}
        self._points = points
        self._minutes = minutes
        self._ends = ends
        lands = [stop.point.land for stop in self.stops]
        if len(set(lands)) > 1:  # then every stop has stops on another land
            for u in range(n):
                self._cross_from(u, lands)
        self.cost = np.minimum(self.drive + self.ferry, UNREACHABLE)
        self.drive_rows = self.drive.tolist()  # plain ints: the day split reads them millions of times

    def _cross_from(self, u: int, lands: list[str]) -> None:
        """Dijkstra from stop u over the link ends, on drive + crossing minutes."""
        n = len(self.stops)
        ends, minutes, points = self._ends, self._minutes, self._points
        best = {k: (int(minutes[u, n + k]), None) for k in range(len(ends)) if minutes[u, n + k] < UNREACHABLE}
        queue = [(d, k) for k, (d, _) in best.items()]
        heapq.heapify(queue)
        done = set()
        while queue:
            d, k = heapq.heappop(queue)
            if k in done:
                continue
            done.add(k)
            other = k ^ 1  # the two ends of a link sit side by side in self._ends
            link = ends[k][0]
            nexts = [(other, link.minutes)] + [
                (j, int(minutes[n + k, n + j])) for j in range(len(ends)) if minutes[n + k, n + j] < UNREACHABLE
            ]
            for j, step in nexts:
                if j not in done and d + step < best.get(j, (UNREACHABLE, None))[0]:
                    best[j] = (d + step, k)
                    heapq.heappush(queue, (d + step, j))
        for v in range(n):
            if lands[v] == lands[u]:
                continue
            arrivals = [(best[k][0] + int(minutes[n + k, v]), k) for k in best if minutes[n + k, v] < UNREACHABLE]
            if not arrivals:
                continue
            _, last = min(arrivals)
            chain = [last]
            while best[chain[-1]][1] is not None:
                chain.append(best[chain[-1]][1])
            chain.reverse()
            steps: list[Step] = []
            here = u
            i = 0
            while i < len(chain):
                k = chain[i]
                steps.append(Step(int(minutes[here, n + k]), points[here], points[n + k]))
                if i + 1 < len(chain) and chain[i + 1] == k ^ 1:
                    link, end = ends[k]
                    steps.append(Step(link.minutes, points[n + k], points[n + (k ^ 1)], link, end.departures))
                    here = n + (k ^ 1)
                    i += 2
                else:
                    here = n + k
                    i += 1
            steps.append(Step(int(minutes[here, v]), points[here], points[v]))
            steps = [s for s in steps if s.link is not None or s.start != s.end]
            self.steps[(u, v)] = tuple(steps)
            self.drive[u, v] = sum(s.minutes for s in steps if s.link is None or s.link.kind == "road")
            self.ferry[u, v] = sum(s.minutes for s in steps if s.link is not None and s.link.kind == "ferry")

    def crosses(self, u: int, v: int) -> tuple[Link, ...]:
        return tuple(s.link for s in self.steps.get((u, v), ()) if s.link is not None)

    def leg(self, u: int, v: int, depart: int, any_time: bool = False) -> tuple[int, int, tuple[Event, ...]]:
        """Drive from stop u to stop v leaving at `depart`: (arrival, minutes at the wheel, events).

        A ferry with a timetable leaves at its next departure (the next day's first one if need be); with
        `any_time` the timetable is ignored (to tell whether it is what makes a plan impossible).
        """
        a, b = self.stops[u], self.stops[v]
        steps = self.steps.get((u, v))
        if steps is None:
            minutes = int(self.drive[u, v])
            event = Event("drive", depart, depart + minutes, f"{a.name} → {b.name}", drive=minutes,
                          between=(a.point.id, b.point.id))
            return depart + minutes, minutes, (event,)
        t, drive, events = depart, 0, []
        for step in steps:
            where = f"{self.names[step.start.id]} → {self.names[step.end.id]}"
            ends = (step.start.id, step.end.id)
            if step.link is None or step.link.kind == "road":
                kind = "drive" if step.link is None else "causeway"
                events.append(Event(kind, t, t + step.minutes, where, drive=step.minutes, between=ends))
                t += step.minutes
                drive += step.minutes
                continue
            if step.departures and not any_time:
                leave = _next_departure(step.departures, t)
                if leave > t:
                    events.append(Event("wait", t, leave, self.names[step.start.id]))
                t = leave
            events.append(Event("ferry", t, t + step.minutes, f"{step.link.name}: {where}", between=ends))
            t += step.minutes
        return t, drive, tuple(events)


def _next_departure(departures: tuple[int, ...], t: int) -> int:
    day, clock = divmod(t, DAY)
    for d in departures:
        if d >= clock:
            return day * DAY + d
    return (day + 1) * DAY + departures[0]
