"""From an edition to a madina.tour instance, and from the plan back to the edition's stops.

The edition's planning rules are stored as model fields; `instance_data` turns them and the stops into the JSON
instance of docs/tour-format.md (validated by the core's own reader, so the web and `madina tour plan` agree),
and a PlanRun keeps that JSON so a plan can be replayed from the command line. Stops on Kerkennah and Djerba get
their water link (the Sfax - Sidi Youssef car ferry, the El Kantara causeway) only when the edition goes there.

An edition is planned one tour at a time (assignment.py says which tour visits each stop): the tour's teams are
the instance's teams over the tour's days, each with its fixed start or end when the organiser gave one.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.core.errors import Invalid
from madina.core.numbers import duration
from madina.tour.io import InstanceError, parse_instance
from madina.tour.model import MAINLAND
from madina.tour.report import plan_dict
from madina.tour.solve import Options, evaluate, solve
from madina.tour.travel import Network

from .matching import name_key
from .models import TEAM_COLOURS

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
    for team in tour.teams.order_by("order"):
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
    for key, pk in (("start", edition.first_stop_id), ("end", edition.last_stop_id)):
        if pk in ids and len(data["teams"]) == 1 and f"stop-{pk}" not in ends and key not in data["teams"][0]:
            data[key] = f"stop-{pk}"
    for stop in stops:
        row = {"id": stop_id(stop), "name": stop.name_fr, "name_ar": stop.name_ar or "", "name_en": stop.name_en or "",
               "lat": float(stop.latitude), "lon": float(stop.longitude), "land": stop.land}
        if stop.pinned_day:
            row["day"] = stop.pinned_day.isoformat()
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
        plan = evaluate(instance, list(data["announced_order"]), network=network)
    else:
        reporter.phase("solving", 15)
        plan = solve(instance, Options(seconds=reporter.seconds, progress=reporter.solver), network=network)
    reporter.phase("saving", 95)
    return plan_dict(plan)


def plan_seconds() -> float:
    return float(settings.MADINA_TOUR_SECONDS)


# Reading a plan for pages --------------------------------------------------------------------------------

def _event_label(kind: str) -> str:
    return {
        "drive": _("Route"), "wait": _("Attente"), "ferry": _("Traversée en bac"), "causeway": _("Chaussée"),
        "session": _("Séance"),
    }.get(kind, kind)


def _day_label(kind: str) -> str:
    return {
        "work": _("journée de travail"), "transfer": _("journée de route"), "idle": _("journée sans étape"),
        "rest": _("jour de repos"), "free": _("jour libre après la tournée"),
    }.get(kind, kind)


def place_names(data: dict, localized: dict[str, str]) -> dict[str, str]:
    """French name in the plan -> name in the reader's language (stops, and the water links' ends)."""
    names = {stop["name"]: localized.get(stop["id"], stop["name"]) for stop in data.get("stops", [])}
    for link in data.get("links", []):
        for side in ("a", "b"):
            names.setdefault(link[side]["name"], link[side]["name"])
    return names


def _place(text: str, names: dict[str, str]) -> str:
    return " → ".join(names.get(part, part) for part in text.split(" → "))


@dataclass
class PlanDay:
    number: int
    date: dt.date
    kind: str
    label: str
    drive_minutes: int
    drive: str
    night: str
    evening: bool
    events: list[dict]


@dataclass
class TeamPlan:
    """One team's part of a plan: its name and colour (the map's line and the legend), days used and spare."""

    name: str
    colour: str
    order: list[str]
    days: list[PlanDay]
    drive: str
    days_used: int
    days_available: int
    slack_days: int


@dataclass
class PlanView:
    feasible: bool
    cost: str
    drive: str
    ferry: str
    has_ferry: bool
    proven_optimal: bool
    lower_bound: str
    gap_percent: float | None
    method: str
    seconds: float
    travel: str
    teams: list[TeamPlan]
    problems: list[dict]
    stops: dict[str, dict]
    road_times: dict | None = None


def _days(team: dict, start: dt.date, names: dict, localized: dict) -> list[PlanDay]:
    days = []
    for day in team["days"]:
        date = dt.date.fromisoformat(day["date"])
        events = [
            {**event, "label": _event_label(event["kind"]), "where": _place(event["place"], names),
             "name": localized.get(event["stop"] or "", "")}
            for event in day["events"]
        ]
        days.append(PlanDay((date - start).days + 1, date, day["kind"], _day_label(day["kind"]), day["drive_minutes"],
                            duration(day["drive_minutes"]), localized.get(day["night"] or "", day["night"] or ""),
                            day["evening_drive"], events))
    return days


def plan_view(run, localized: dict[str, str], teams: dict[str, tuple[str, str]] | None = None) -> PlanView | None:
    """The run's plan as pages show it: each team's days with their agenda in the reader's language, problems as
    sentences. `teams`: team id in the plan -> (name, colour) in the reader's language."""
    result, data = run.result, run.instance
    if not result:
        return None
    names = place_names(data, localized)
    by_id = {stop["id"]: stop for stop in data.get("stops", [])}
    start = dt.date.fromisoformat(data["teams"][0]["from"])
    given = {row["id"]: row.get("name", row["id"]) for row in data["teams"]}
    plans = []
    for k, team in enumerate(result.get("teams") or []):
        name, colour = (teams or {}).get(team["team"], (given.get(team["team"], team["team"]), TEAM_COLOURS[k % 7]))
        plans.append(TeamPlan(
            name, colour, [localized.get(s, by_id.get(s, {}).get("name", s)) for s in team["order"]],
            _days(team, start, names, localized), duration(team.get("drive_minutes", 0)), team.get("days_used", 0),
            team.get("days_available", 0), team.get("slack_days", 0)))
    gap = result.get("gap")
    road = result.get("road_times")
    return PlanView(
        feasible=result["feasible"],
        cost=duration(result["cost_minutes"]),
        drive=duration(result["drive_minutes"]),
        ferry=duration(result["ferry_minutes"]),
        has_ferry=result["ferry_minutes"] > 0,
        proven_optimal=result["proven_optimal"],
        lower_bound=duration(result["lower_bound_minutes"]) if result["lower_bound_minutes"] < 10**8 else "",
        gap_percent=round(100 * gap, 1) if gap is not None else None,
        method=method_label(result["method"]),
        seconds=result["seconds"],
        travel=travel_label((road or {}).get("source") or data.get("travel") or {}),
        teams=plans,
        problems=[{"sentences": problem_sentences(p, localized)} for p in result["problems"]],
        stops=by_id,
        road_times={"reused": road["reused"], "computed_at": dt.datetime.fromisoformat(road["computed_at"])}
        if road else None,
    )


_EXACT = re.compile(r"held-karp \((?:all )?(\d+) orders tried\)")
_ROUTING = re.compile(r"or-tools routing \((\d+) rounds\)")
_SEARCH = re.compile(r"search \((\d+) steps\)")


def travel_label(travel: dict) -> str:
    """Where the plan's road times come from, as the plan page states it."""
    kind = travel.get("kind", "great-circle")
    if kind == "great-circle":
        return _("estimées : distance à vol d'oiseau × %(circuity)s, à %(speed)s km/h de moyenne") % {
            "circuity": number_format(travel.get("circuity", 1.25)), "speed": number_format(travel.get("speed_kmh", 70))}
    if kind == "matrix":
        return _("matrice de temps fournie avec l'instance")
    return _("serveur d'itinéraires %(kind)s (%(url)s)") % {"kind": "OSRM" if kind == "osrm" else "Valhalla",
                                                            "url": travel.get("url", "")}


def method_label(method: str) -> str:
    """How the planner found the plan, in the reader's language (the core names it in English for its CLI)."""
    if found := _EXACT.fullmatch(method):
        tried = int(found.group(1))
        return ngettext("recherche exacte (Held-Karp), %(n)d ordre essayé",
                        "recherche exacte (Held-Karp), %(n)d ordres essayés", tried) % {"n": tried}
    if found := _ROUTING.fullmatch(method):
        rounds = int(found.group(1))
        return ngettext("recherche approchée (OR-Tools), %(n)d tour", "recherche approchée (OR-Tools), %(n)d tours",
                        rounds) % {"n": rounds}
    if found := _SEARCH.fullmatch(method):
        steps = int(found.group(1))
        return ngettext("recherche approchée (ordres coupés entre équipes et jours, OR-Tools), %(n)d étape",
                        "recherche approchée (ordres coupés entre équipes et jours, OR-Tools), %(n)d étapes",
                        steps) % {"n": steps}
    return {"given order": _("l'ordre donné"), "checks": _("vérifications avant la recherche"),
            "search (no plan found)": _("recherche approchée, sans plan trouvé"),
            "cp-sat (every team, proven)": _("recherche exacte pour toutes les équipes (CP-SAT)")}.get(
        method, _("autre méthode du planificateur"))


def problem_sentences(problem: dict, localized: dict[str, str]) -> list[str]:
    """What the organiser can change, in the reader's language, from the core's structured `fixes`."""
    stop = localized.get(problem.get("stop") or "", "")
    fixes = problem.get("fixes") or {}
    constraint = problem.get("constraint")
    sentences = []
    lead = {
        "session": _("La séance à %(stop)s est plus longue que la journée de travail.") % {"stop": stop},
        "windows": _("Les créneaux horaires de %(stop)s ne peuvent pas être tenus.") % {"stop": stop},
        "day": _("Le jour imposé à %(stop)s ne peut pas être tenu.") % {"stop": stop},
        "dates": _("Les dates permises pour %(stop)s ne peuvent pas être tenues.") % {"stop": stop},
        "link": _("%(stop)s est sur une île qu'aucun lien maritime connu ne relie au continent.") % {"stop": stop},
        "ferry": _("Les horaires du bac allongent trop les journées de traversée."),
        "order": _("Cet ordre ne peut pas être réparti sur les jours de l'édition."),
        "search": _("Aucun plan trouvé dans le temps de recherche, ce qui ne prouve pas qu'il n'en existe pas ; "
                    "le plan montré est le meilleur plan partiel."),
    }
    if constraint == "max_drive" and stop:
        sentences.append(_("Tous les trajets vers ou depuis %(stop)s dépassent la conduite permise par jour.")
                         % {"stop": stop})
    elif constraint in ("days", "max_drive"):
        sentences.append(_("Le parcours ne tient pas dans les jours de l'édition."))
    elif constraint in lead:
        sentences.append(lead[constraint])
    if "days" in fixes:
        sentences.append(_("Solution : compter %(days)s jours de tournée (jours de repos non compris).")
                         % {"days": fixes["days"]})
    if "extra_days" in fixes:
        sentences.append(ngettext("Solution : compter %(days)s jour de plus pour chaque équipe.",
                                  "Solution : compter %(days)s jours de plus pour chaque équipe.",
                                  fixes["extra_days"]) % {"days": fixes["extra_days"]})
    if "team_days" in fixes:
        sentences.append(_("Solution : au moins %(days)s journées de travail en tout, toutes équipes comptées.")
                         % {"days": fixes["team_days"]})
    if "max_drive" in fixes:
        sentences.append(_("Solution : permettre %(drive)s de conduite par jour.") % {"drive": duration(fixes["max_drive"])})
    if "day_end" in fixes:
        minutes = fixes["day_end"]
        sentences.append(_("Solution : finir la journée de travail à %(time)s.")
                         % {"time": f"{minutes // 60:02d}:{minutes % 60:02d}"})
    if "session" in fixes:
        sentences.append(_("Solution : des séances de %(length)s au plus.") % {"length": duration(fixes["session"])})
    if constraint in ("day", "dates", "windows") and not fixes:
        sentences.append(_("Solution : retirer cette contrainte de %(stop)s.") % {"stop": stop})
    if constraint == "ferry":
        sentences.append(_("Solution : prévoir une traversée hors horaires (bac affrété)."))
    return sentences or [_("Une règle de l'édition ne peut pas être tenue : vérifiez les règles et les étapes.")]


# From a plan back to the stops ---------------------------------------------------------------------------


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
