"""From an edition to a madina.tour instance, and from the plan back to the edition's stops.

The edition's planning rules are stored as model fields; `instance_data` turns them and the stops into the JSON
instance of docs/tour-format.md (validated by the core's own reader, so the web and `madina tour plan` agree),
and a PlanRun keeps that JSON so a plan can be replayed from the command line. Stops on Kerkennah and Djerba get
their water link (the Sfax - Sidi Youssef car ferry, the El Kantara causeway) only when the edition goes there.

An edition is planned one tour at a time (assignment.py says which tour visits each stop): the tour's teams are
the instance's teams over the tour's days, each with its fixed start or end when the organiser gave one, and a
stop pinned to one of them is pinned to it in the instance (the core keeps it on that team).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from madina.core.errors import Invalid
from madina.tour.io import InstanceError, parse_instance
from madina.tour.model import MAINLAND
from madina.tour.report import plan_dict
from madina.tour.solve import Options, evaluate, evaluate_teams, solve
from madina.tour.travel import Network

from .matching import name_key

TEAM = "caravane"

# Water links (positions to a few hundred metres; the ferry's departures as reported in notices, data/SOURCES.md).
LINKS = {
    "kerkennah": {
        "id": "bac-kerkennah", "name": "Bac Sfax - Sidi Youssef", "kind": "ferry", "minutes": 60,
        "a": {"id": "port-sfax", "name": "Port de Sfax", "lat": 34.7282, "lon": 10.7570, "land": MAINLAND,
              "departures": ["04:15", "12:30", "14:30", "20:00"]},
        "b": {"id": "sidi-youssef", "name": "Sidi Youssef", "lat": 34.655, "lon": 10.972, "land": "kerkennah",
              "departures": ["06:00", "14:30", "16:00", "21:45"]},
    },
    "djerba": {
        "id": "chaussee-el-kantara", "name": "Chaussée d'El Kantara", "kind": "road", "minutes": 8,
        "a": {"id": "el-kantara-continent", "name": "El Kantara (continent)", "lat": 33.645, "lon": 10.995,
              "land": MAINLAND},
        "b": {"id": "el-kantara-djerba", "name": "El Kantara (Djerba)", "lat": 33.690, "lon": 10.945,
              "land": "djerba"},
    },
}


def land_of(*names: str) -> str:
    """The island a place is on, from its names (Kerkennah / KERKENAH / قرقنة, Djerba ...), else the mainland."""
    for name in names:
        key = name_key(name or "")
        if key in ("kerkenah", "قرقنه", "قرقنة"):
            return "kerkennah"
        if key.startswith(("djerba", "جربه", "جربة")):
            return "djerba"
    return MAINLAND


def stop_id(stop) -> str:
    return f"stop-{stop.pk}"


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def team_id(team) -> str:
    return f"team-{team.pk}"


def _teams(edition, tour, ids: set[int]) -> list[dict]:
    """The tour's teams over its days; an edition not yet given a tour is planned as one caravan over its dates."""
    if tour is None:
        return [{"id": TEAM, "name": edition.name_fr, "from": edition.start_date.isoformat(),
                 "to": edition.end_date.isoformat()}]
    rows = []
    for team in tour.teams.all():  # in their order (Team.Meta); prefetched when a request plans every tour
        row = {"id": team_id(team), "name": team.name_fr, "from": tour.start_date.isoformat(),
               "to": tour.end_date.isoformat()}
        for key, pk in (("start", team.start_stop_id), ("end", team.end_stop_id)):
            if pk in ids:
                row[key] = f"stop-{pk}"
        rows.append(row)
    return rows


def instance_data(edition, stops, tour=None) -> dict:
    """The tour instance (docs/tour-format.md) of the stops in their current order, over the tour's days."""
    lands = {stop.land for stop in stops} - {MAINLAND}
    day = {"start": _clock(edition.day_start), "end": _clock(edition.day_end), "max_drive": edition.max_drive_minutes}
    if edition.evening_drive_minutes:
        day["evening"] = {"max_drive": edition.evening_drive_minutes,
                          "latest_arrival": _clock(edition.evening_latest_arrival)}
    ids = {stop.pk for stop in stops}
    data = {
        "format": "madina-tour/1",
        "name": edition.name_fr,
        "session": edition.session_minutes,
        "day": day,
        "teams": _teams(edition, tour, ids),
        "rest_days": [day for day in edition.rest_days or []
                      if tour is None or tour.start_date.isoformat() <= day <= tour.end_date.isoformat()],
        "links": [LINKS[land] for land in sorted(lands) if land in LINKS],
        "travel": {"kind": "great-circle", "circuity": float(edition.circuity), "speed_kmh": edition.speed_kmh},
        "announced_order": [stop_id(stop) for stop in stops],
        "stops": [],
    }
    ends = {row.get(key) for row in data["teams"] for key in ("start", "end")}
    teams = {row["id"] for row in data["teams"]}
    if tour is not None:  # each team's current order; a stop of no team yet follows the first team's
        first = data["teams"][0]["id"]
        orders = {row["id"]: [] for row in data["teams"]}
        for stop in stops:
            own = f"team-{stop.team_id}"
            orders[own if own in teams else first].append(stop_id(stop))
        data["announced_order"] = orders
    for key, pk in (("start", edition.first_stop_id), ("end", edition.last_stop_id)):
        if pk in ids and len(data["teams"]) == 1 and f"stop-{pk}" not in ends and key not in data["teams"][0]:
            data[key] = f"stop-{pk}"
    for stop in stops:
        row = {"id": stop_id(stop), "name": stop.name_fr, "name_ar": stop.name_ar or "", "name_en": stop.name_en or "",
               "lat": float(stop.latitude), "lon": float(stop.longitude), "land": stop.land}
        if stop.pinned_day:
            row["day"] = stop.pinned_day.isoformat()
        if stop.pinned_team_id and f"team-{stop.pinned_team_id}" in teams:
            row["team"] = f"team-{stop.pinned_team_id}"
        data["stops"].append(row)
    return data


def check_instance(data: dict) -> None:
    """Invalid, in the organiser's words, when the planner would refuse the edition as it is now. The core says
    why in English for its command line; the page says it with the edition's own words."""
    try:
        parse_instance(data)
    except InstanceError as exc:
        raise Invalid(_refusal(exc.location)) from exc
    except ValueError as exc:  # any other refusal of the core's reader
        raise Invalid(_refusal("")) from exc


def _refusal(location: str) -> str:
    if location == "stops":
        return _("Choisissez au moins une étape avant de lancer le planificateur.")
    if location.startswith("stops"):
        return _("La position d'une étape n'est pas utilisable : vérifiez sa latitude et sa longitude.")
    if location in ("start", "end"):
        return _("Les étapes de départ et d'arrivée doivent être deux étapes différentes de l'édition.")
    if location.startswith("day"):
        return _("La journée de travail, la durée des séances ou les trajets du soir ne vont pas ensemble.")
    if location.startswith(("teams", "rest_days")):
        return _("Les dates de l'édition ou ses jours de repos ne vont pas ensemble.")
    return _("Le planificateur refuse les règles de cette édition : vérifiez-les.")


@dataclass
class Reporter:
    """Turns the solver's phases into a percentage and a phase for the PlanRun row (at most twice a second)."""

    save: Callable[[str, int, str], None]
    seconds: float
    began: float = field(default_factory=time.perf_counter)
    last: float = 0.0

    def phase(self, phase: str, percent: int, message: str = "") -> None:
        self.last = time.perf_counter()
        self.save(phase, percent, message)

    def solver(self, message: str) -> None:
        now = time.perf_counter()
        if now - self.last < 0.5:
            return
        share = min(1.0, (now - self.began) / max(self.seconds, 0.1))
        self.phase("solving", 15 + int(75 * share), message[:300])


def compute(data: dict, kind: str, reporter: Reporter) -> dict:
    """Plan the instance (kind 'plan') or split the given order into days (kind 'order'); the plan as JSON."""
    instance = parse_instance(data)
    reporter.phase("matrix", 5)
    network = Network(instance)
    if kind == "order":
        reporter.phase("splitting", 50)
        given = data["announced_order"]
        plan = (evaluate_teams(instance, given, network=network) if isinstance(given, dict)
                else evaluate(instance, list(given), network=network))
    else:
        reporter.phase("solving", 15)
        plan = solve(instance, Options(seconds=reporter.seconds, progress=reporter.solver), network=network)
    reporter.phase("saving", 95)
    return plan_dict(plan)


def plan_seconds() -> float:
    return float(settings.MADINA_TOUR_SECONDS)


@dataclass(frozen=True)
class Scheduled:
    pk: int
    order: int
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    team: int | None = None


def schedule_of(result: dict) -> list[Scheduled]:
    """Each stop's place in the order (team after team), its team, day and session times, from a feasible plan."""
    rows, order = [], 0
    for team in result["teams"]:
        sessions = {}
        for day in team["days"]:
            for event in day["events"]:
                if event["kind"] == "session":
                    sessions[event["stop"]] = (dt.date.fromisoformat(day["date"]),
                                               dt.time.fromisoformat(event["start"]), dt.time.fromisoformat(event["end"]))
        pk = int(team["team"].removeprefix("team-")) if team["team"].startswith("team-") else None
        for sid in team["order"]:
            order += 1
            rows.append(Scheduled(int(sid.removeprefix("stop-")), order, *sessions[sid], team=pk))
    return rows
