"""How a computed plan reads on the organiser's pages: each team's days and agenda in the reader's language,
where its road times come from, the method in words and the problems as sentences (planning.py builds the
instance and applies the plan; this module only reads the stored result)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.core.numbers import duration

from .models import TEAM_COLOURS


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
    """One team's part of a plan: its name and colour (the map's line and the legend), days used and spare, its
    cost, and the rules its order breaks (an evaluated hand order may break some on one team only)."""

    name: str
    colour: str
    order: list[str]
    days: list[PlanDay]
    drive: str
    days_used: int
    days_available: int
    slack_days: int
    cost: str = ""
    feasible: bool = True
    problems: list[list[str]] = field(default_factory=list)


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
    plans, named = [], {}
    for k, team in enumerate(result.get("teams") or []):
        named[team["team"]] = (teams or {}).get(team["team"], (given.get(team["team"], team["team"]),
                                                               TEAM_COLOURS[k % 7]))
    names_of = {**given, **{key: name for key, (name, _colour) in (teams or {}).items()}}
    for team in result.get("teams") or []:
        name, colour = named[team["team"]]
        plans.append(TeamPlan(
            name, colour, [localized.get(s, by_id.get(s, {}).get("name", s)) for s in team["order"]],
            _days(team, start, names, localized), duration(team.get("drive_minutes", 0)), team.get("days_used", 0),
            team.get("days_available", 0), team.get("slack_days", 0),
            duration(team.get("drive_minutes", 0) + team.get("ferry_minutes", 0)), team.get("feasible", True),
            [problem_sentences(p, localized, names_of) for p in result["problems"] if p.get("team") == team["team"]]))
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
        problems=[{"sentences": problem_sentences(p, localized, names_of)} for p in result["problems"]],
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


def problem_sentences(problem: dict, localized: dict[str, str], teams: dict[str, str] | None = None) -> list[str]:
    """What the organiser can change, in the reader's language, from the core's structured `fixes`. teams: team
    id in the plan -> its name."""
    stop = localized.get(problem.get("stop") or "", "")
    team = (teams or {}).get(problem.get("team") or "", "")
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
    if constraint == "team" and stop and fixes.get("team"):  # in an order of `team`, pinned to another
        sentences.append(_("%(stop)s est imposée à l'équipe %(pinned)s, pas à l'équipe %(team)s.")
                         % {"stop": stop, "pinned": (teams or {}).get(fixes["team"], ""), "team": team})
    elif constraint == "team" and stop:
        sentences.append(_("%(stop)s est imposée à l'équipe %(team)s, qui ne peut pas la prendre.")
                         % {"stop": stop, "team": team})
    elif constraint == "team":
        sentences.append(_("Les étapes imposées à l'équipe %(team)s ne tiennent pas dans ses jours.")
                         % {"team": team})
    elif constraint == "max_drive" and stop:
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
