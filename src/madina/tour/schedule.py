"""The exact split of an ordered tour into days, and the agenda of each day.

For a given order, a dynamic programme over (next stop, where the team slept) finds the earliest day on which
every stop can be done, trying every way to cut the order into days: each day leaves at the window's start,
drives and holds sessions (earliest start, which is optimal because ferries and windows only ever make one
wait), ends its last session by the window's end, sleeps at its last stop or drives on in the evening; a day
may also be a drive-only transfer, and a team may stay idle on a day when the next stops do not allow it.
The programme is exact: if it finds no split, none exists for this order under these rules. A stop pinned to
another team has no day in this team's split, so every route checked by splitting it keeps the team pins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from madina.tour.model import Day, DayRules, Event, Team
from madina.tour.travel import UNREACHABLE, Network


@dataclass(frozen=True)
class Relax:
    """Rules loosened to learn which constraint makes an order impossible and by how much."""

    max_drive: int | None = None
    extra_days: int = 0
    ferry_timetable: bool = True
    free_windows: frozenset[int] = frozenset()  # stops whose time windows are ignored
    free_dates: frozenset[int] = frozenset()  # stops whose dates and pinned day are ignored


@dataclass(frozen=True)
class Cut:
    """One day of a split: stops order[i:j] (none for a transfer), starting at order[i] already if `at_first`."""

    day: int
    kind: str  # 'work' | 'transfer'
    i: int
    j: int
    at_first: bool
    evening: bool


class Splitter:
    def __init__(self, network: Network, rules: DayRules, team: Team, relax: Relax = Relax()):
        self.network = network
        self.rules = rules
        self.team = team
        self.relax = relax
        self.cap = rules.max_drive if relax.max_drive is None else relax.max_drive
        last = team.dates[-1] if team.dates else date.today()
        extra = [last + timedelta(days=k + 1) for k in range(relax.extra_days)]
        self.dates = list(team.dates) + extra
        everyday = (1 << len(self.dates)) - 1
        self.masks = []
        for k, stop in enumerate(network.stops):
            if stop.team is not None and stop.team != team.id:  # pinned to another team: no day of this one
                self.masks.append(0)
            elif k in relax.free_dates or (stop.dates is None and stop.day is None):
                self.masks.append(everyday)
            else:
                self.masks.append(sum(1 << d for d, when in enumerate(self.dates) if stop.allows(when)))
        self.windows = []
        for k, stop in enumerate(network.stops):
            if stop.windows and k not in relax.free_windows:
                self.windows.append([(max(a, rules.start), min(b, rules.end)) for a, b in stop.windows])
            else:
                self.windows.append([(rules.start, rules.end)])

    def _leg(self, u: int, v: int, depart: int):
        network = self.network
        minutes = network.drive_rows[u][v]
        if minutes >= UNREACHABLE:
            return None
        if (u, v) in network.steps:
            return network.leg(u, v, depart, any_time=not self.relax.ferry_timetable)
        return depart + minutes, minutes, None

    def _session(self, k: int, arrival: int) -> int | None:
        length = self.network.stops[k].session
        for a, b in self.windows[k]:
            start = max(arrival, a)
            if start + length <= b:
                return start
        return None

    def evening(self, u: int, v: int, t: int, drive: int):
        """The evening drive from u after its session ending at t, if the rules allow it: (arrival, drive)."""
        if self.rules.evening_drive <= 0:
            return None
        leg = self._leg(u, v, t)
        if leg is None:
            return None
        arrival, minutes, _ = leg
        if minutes > self.rules.evening_drive or drive + minutes > self.cap or arrival > self.rules.evening_latest:
            return None
        return arrival, minutes

    def transfer(self, u: int, v: int):
        leg = self._leg(u, v, self.rules.start)
        if leg is None or leg[1] > self.cap or leg[0] > max(self.rules.end, self.rules.evening_latest):
            return None
        return leg

    def split(self, order: list[int]) -> list[Cut] | None:
        """The cuts of the earliest-finishing split of `order` into the team's days, or None if there is none."""
        n = len(order)
        if n == 0:
            return []
        earliest, back = self._earliest(order)
        if (n, False) not in earliest:
            return None
        cuts, state = [], (n, False)
        while state in back:
            state, cut = back[state]
            cuts.append(cut)
        return cuts[::-1]

    def reach(self, order: list[int]) -> int:
        """The length of the longest beginning of `order` that fits the team's days (the same programme: it knows
        the earliest day every beginning ends on)."""
        if not order:
            return 0
        earliest, _ = self._earliest(order)
        return max((j for j, at in earliest if not at), default=0)

    def _earliest(self, order: list[int]):
        """The earliest day each state (next position, already there) is reached on, and the cut that reaches it.

        The hot loop of the planner: plain legs and single windows are read inline, cuts are made only when a
        state improves."""
        n, days = len(order), len(self.dates)
        rules, cap = self.rules, self.cap
        rows, steps, stops, masks, windows = (self.network.drive_rows, self.network.steps, self.network.stops,
                                              self.masks, self.windows)
        sessions = [stop.session for stop in stops]
        evenings = rules.evening_drive > 0
        everything = (1 << days) - 1
        earliest: dict[tuple[int, bool], int] = {(0, True): 0}
        back: dict[tuple[int, bool], tuple[tuple[int, bool], Cut]] = {}
        for i in range(n):
            for at in (False, True):
                d0 = earliest.get((i, at))
                if d0 is None or d0 >= days:
                    continue
                source = (i, at)
                if (not at and d0 + 1 <= days and d0 + 1 < earliest.get((i, True), days + 1)
                        and self.transfer(order[i - 1], order[i]) is not None):
                    earliest[(i, True)] = d0 + 1
                    back[(i, True)] = (source, Cut(d0, "transfer", i, i, False, False))
                t, drive, mask = rules.start, 0, everything
                for j in range(i, n):
                    k = order[j]
                    if j > i or not at:
                        u = order[j - 1]
                        if (u, k) in steps:
                            leg = self._leg(u, k, t)
                            if leg is None:
                                break
                            t, drive = leg[0], drive + leg[1]
                        else:
                            minutes = rows[u][k]
                            if minutes >= UNREACHABLE:
                                break
                            t, drive = t + minutes, drive + minutes
                        if drive > cap:
                            break
                    window = windows[k]
                    if len(window) == 1:
                        a, b = window[0]
                        start = t if t > a else a
                        if start + sessions[k] > b:
                            break
                    else:
                        start = self._session(k, t)
                        if start is None:
                            break
                    t = start + sessions[k]
                    mask &= masks[k]
                    free = mask >> d0
                    if not free:
                        break
                    d = d0 + ((free & -free).bit_length() - 1)
                    if d + 1 <= days and d + 1 < earliest.get((j + 1, False), days + 1):
                        earliest[(j + 1, False)] = d + 1
                        back[(j + 1, False)] = (source, Cut(d, "work", i, j + 1, at, False))
                    if (evenings and j + 1 < n and d + 1 <= days and d + 1 < earliest.get((j + 1, True), days + 1)
                            and self.evening(k, order[j + 1], t, drive) is not None):
                        earliest[(j + 1, True)] = d + 1
                        back[(j + 1, True)] = (source, Cut(d, "work", i, j + 1, at, True))
        return earliest, back

    def day_events(self, order: list[int], cut: Cut) -> tuple[tuple[Event, ...], str]:
        """The agenda of one day of a split, and where the team sleeps."""
        stops, events = self.network.stops, []
        t, drive = self.rules.start, 0
        if cut.kind == "transfer":
            _, _, legs = self.network.leg(order[cut.i - 1], order[cut.i], t, not self.relax.ferry_timetable)
            return legs, stops[order[cut.i]].id
        for j in range(cut.i, cut.j):
            k = order[j]
            if j > cut.i or not cut.at_first:
                t, minutes, legs = self.network.leg(order[j - 1], k, t, not self.relax.ferry_timetable)
                drive += minutes
                events.extend(legs)
            start = self._session(k, t)
            if start > t:
                events.append(Event("wait", t, start, stops[k].name))
            t = start + stops[k].session
            events.append(Event("session", start, t, stops[k].name, stop=stops[k].id))
        night = order[cut.j - 1]
        if cut.evening:
            night = order[cut.j]
            _, _, legs = self.network.leg(order[cut.j - 1], night, t, not self.relax.ferry_timetable)
            events.extend(legs)
        return tuple(events), stops[night].id

    def days(self, order: list[int], cuts: list[Cut]) -> tuple[Day, ...]:
        """Every calendar day of the team, its rest days and idle days included, from its first date on."""
        if not self.team.dates:
            return ()
        by_day = {cut.day: cut for cut in cuts}
        last_used = max(by_day) if by_day else -1
        first = self.team.dates[0]
        end = max(self.dates[last_used] if last_used >= 0 else first, self.team.dates[-1])
        index = {when: d for d, when in enumerate(self.dates)}
        rest = set(self.team.rest_days)
        out, night = [], self.network.stops[order[0]].id if order else None
        when = first
        while when <= end:
            d = index.get(when)
            if when in rest:
                out.append(Day(when, "rest", night=night))
            elif d is not None and d in by_day:
                events, night = self.day_events(order, by_day[d])
                cut = by_day[d]
                out.append(Day(when, cut.kind, events, night, cut.evening))
            elif d is not None and d < last_used:
                out.append(Day(when, "idle", night=night))
            else:
                out.append(Day(when, "free", night=night if d is not None and d <= last_used else None))
            when += timedelta(days=1)
        return tuple(out)


def days_needed(network: Network, rules: DayRules, team: Team, order: list[int], relax: Relax = Relax()) -> int | None:
    """The fewest days (counted from the team's first date, rest days skipped) this order needs."""
    splitter = Splitter(network, rules, team, replace(relax, extra_days=len(order) * 2 + 1))
    cuts = splitter.split(order)
    return None if cuts is None else cuts[-1].day + 1 if cuts else 0


def fits(network: Network, rules: DayRules, team: Team, order: list[int], relax: Relax = Relax()) -> bool:
    """Whether this order can be split into the team's days."""
    return Splitter(network, rules, team, relax).split(order) is not None


def least(low: int, high: int, holds: Callable[[int], bool]) -> int | None:
    """The smallest value in [low, high] for which `holds` (true for every value above it), None if not for `high`."""
    if not holds(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if holds(mid):
            high = mid
        else:
            low = mid + 1
    return low


def drive_needed(network: Network, rules: DayRules, team: Team, order: list[int], relax: Relax = Relax()) -> int | None:
    """The smallest daily driving cap under which this order fits the team's days (binary search on the split)."""
    high = rules.end - rules.start + max(0, rules.evening_latest - rules.end) + 24 * 60
    return least(0, high, lambda cap: fits(network, rules, team, order, replace(relax, max_drive=cap)))
