"""The words of a tour: an instance to plan (stops, teams, rules, water links) and the plan made for it.

Plain frozen dataclasses; times are whole minutes (see `duration`), dates are `datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAINLAND = "mainland"


@dataclass(frozen=True)
class Point:
    """A place on a land mass. Stops and the ends of water links are points; legs join points of one land."""

    id: str
    lat: float
    lon: float
    land: str = MAINLAND


@dataclass(frozen=True)
class Stop:
    """A city the caravan visits for one session.

    `dates`: the dates the session may take place (None: any working day); `windows`: clock intervals the whole
    session must fit in (None: the working window); `day`: the date the stop is pinned to; `team`: the id of
    the team it is pinned to (None: any team).
    """

    id: str
    name: str
    point: Point
    session: int
    dates: frozenset[date] | None = None
    windows: tuple[tuple[int, int], ...] | None = None
    day: date | None = None
    team: str | None = None

    def allows(self, when: date) -> bool:
        if self.day is not None and when != self.day:
            return False
        return self.dates is None or when in self.dates


@dataclass(frozen=True)
class LinkEnd:
    point: Point
    name: str
    departures: tuple[int, ...] | None  # clock minutes; None: leaves whenever one arrives


@dataclass(frozen=True)
class Link:
    """A way across water between two lands: a car ferry with its timetable, or a causeway ("road").

    A ferry crossing is not driving (the drivers rest on board); a causeway's minutes count as driving.
    """

    id: str
    name: str
    kind: str  # "ferry" | "road"
    minutes: int
    a: LinkEnd
    b: LinkEnd


@dataclass(frozen=True)
class Team:
    """A caravan: the dates it works (rest days already removed), where it starts and ends (None: anywhere)."""

    id: str
    name: str
    dates: tuple[date, ...]
    rest_days: tuple[date, ...] = ()
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class DayRules:
    """The working day: leave at `start`, last session over by `end`, at most `max_drive` minutes at the wheel.

    After the last session the caravan sleeps where it is, or drives on in the evening to the next city if that
    drive takes at most `evening_drive` minutes and arrives by `evening_latest` (the drive counts in the day's cap).
    """

    start: int
    end: int
    max_drive: int
    evening_drive: int = 0
    evening_latest: int = 0


@dataclass(frozen=True)
class Travel:
    """How drive times are known. kind: 'great-circle' | 'matrix' | 'osrm' | 'valhalla'."""

    kind: str = "great-circle"
    circuity: float = 1.25
    speed_kmh: float = 70.0
    points: tuple[str, ...] = ()
    minutes: tuple[tuple[int, ...], ...] = ()
    url: str = ""
    profile: str = ""
    cache: str | None = None


@dataclass(frozen=True)
class Instance:
    name: str
    stops: tuple[Stop, ...]
    teams: tuple[Team, ...]
    rules: DayRules
    links: tuple[Link, ...] = ()
    travel: Travel = field(default_factory=Travel)

    def team_pins(self) -> dict[int, int]:
        """Stop index -> team index for the stops pinned to a team."""
        teams = {team.id: t for t, team in enumerate(self.teams)}
        return {k: teams[stop.team] for k, stop in enumerate(self.stops) if stop.team is not None}

    def stop(self, stop_id: str) -> Stop:
        for stop in self.stops:
            if stop.id == stop_id:
                return stop
        raise KeyError(stop_id)


# ---- the plan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One line of a day's agenda. kind: 'drive' | 'wait' | 'ferry' | 'causeway' | 'session'."""

    kind: str
    start: int
    end: int
    place: str  # where it happens or where it goes ("Sfax -> port de Sfax")
    stop: str | None = None  # the stop of a session
    drive: int = 0  # minutes at the wheel
    between: tuple[str, str] | None = None  # the points a drive, ferry or causeway joins


@dataclass(frozen=True)
class Day:
    date: date
    kind: str  # 'work' | 'transfer' (drive only) | 'idle' | 'rest' | 'free' (after the tour)
    events: tuple[Event, ...] = ()
    night: str | None = None  # stop id where the team sleeps
    evening: bool = False  # the last drive of the day is an evening drive

    @property
    def drive(self) -> int:
        return sum(event.drive for event in self.events)

    @property
    def sessions(self) -> tuple[str, ...]:
        return tuple(event.stop for event in self.events if event.kind == "session")


@dataclass(frozen=True)
class TeamPlan:
    team: str
    order: tuple[str, ...]
    days: tuple[Day, ...]
    drive: int  # total minutes at the wheel
    ferry: int  # total minutes on ferries
    feasible: bool
    days_used: int
    days_available: int = 0  # the team's working days

    @property
    def slack(self) -> int:
        """Working days the team has left over (negative: the days its order would need beyond its own)."""
        return self.days_available - self.days_used


@dataclass(frozen=True)
class Problem:
    """Why a plan cannot be made, and the smallest change found that fixes it."""

    constraint: str  # 'days' | 'max_drive' | 'dates' | 'day' | 'windows' | 'ferry' | 'session' | 'link' | ...
    message: str
    team: str | None = None
    stop: str | None = None
    fixes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    instance: str
    feasible: bool
    teams: tuple[TeamPlan, ...]
    cost: int  # objective: minutes of driving plus ferry crossings (waiting excluded)
    lower_bound: int
    proven_optimal: bool
    method: str
    seconds: float
    problems: tuple[Problem, ...] = ()
    proven_infeasible: bool = False  # no plan exists: `problems` hold the proof; otherwise none was found in time
    tried: tuple[str, ...] = ()  # what the search tried, in order, for a plan not found

    @property
    def drive(self) -> int:
        return sum(team.drive for team in self.teams)

    @property
    def ferry(self) -> int:
        return sum(team.ferry for team in self.teams)

    @property
    def gap(self) -> float:
        return (self.cost - self.lower_bound) / self.lower_bound if self.lower_bound else 0.0
