"""Why a plan cannot be made, and the smallest change that fixes it.

First the checks that need no order (a session longer than any window, a pinned day that is not a working day,
an island no link reaches, a city every road to which is over the driving cap, a stop pinned to a team that
starts or ends at another team's end, or whose pinned team's days cannot hold its pinned stops). Then, for the best order found,
the exact day split is rerun with one rule loosened at a time: the fewest days, the smallest daily driving cap and
the latest end of the working day under which it fits (binary searches over the exact split), and whether
dropping one stop's time windows or dates, or the ferry timetable, is enough.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from madina.tour.duration import clock, human
from madina.tour.model import DayRules, Instance, Problem, Team
from madina.tour.schedule import Relax, days_needed, drive_needed, fits, least
from madina.tour.travel import UNREACHABLE, Network


def static_problems(instance: Instance, network: Network) -> list[Problem]:
    rules, problems = instance.rules, []
    working = {d for team in instance.teams for d in team.dates}
    teams = {team.id: team for team in instance.teams}
    ends = {stop: team for team in instance.teams for stop in (team.start, team.end) if stop is not None}
    window = rules.end - rules.start
    n = len(instance.stops)
    # the shortest drive to or from each stop
    nearest = np.minimum(network.drive, network.drive.T)
    np.fill_diagonal(nearest, np.iinfo(nearest.dtype).max)
    nearest = nearest.min(axis=1)
    # a stop no leg within the cap reaches can still be a team's only stop, if that team starts and ends anywhere
    lone_teams = sum(1 for team in instance.teams if team.start is None and team.end is None)
    lonely = [k for k in range(n) if n > 1 and rules.max_drive < nearest[k] < UNREACHABLE]
    too_lonely = len(lonely) > lone_teams or len(lonely) + (n > len(lonely)) > len(instance.teams)
    for k, stop in enumerate(instance.stops):
        holding = [(a, b) for a, b in (stop.windows or [(rules.start, rules.end)])
                   if min(b, rules.end) - max(a, rules.start) >= stop.session]
        if stop.session > window:
            problems.append(Problem("session", f"the session at {stop.name} ({human(stop.session)}) is longer than "
                                    f"the working day {clock(rules.start)}-{clock(rules.end)}", stop=stop.id,
                                    fixes={"session": window, "day_end": rules.start + stop.session}))
        elif not holding:
            problems.append(Problem("windows", f"no time window of {stop.name} holds its {human(stop.session)} "
                                    f"session within {clock(rules.start)}-{clock(rules.end)}", stop=stop.id))
        pinned = teams.get(stop.team)
        days, whose = (set(pinned.dates), f"team {pinned.name}") if pinned else (working, "any team")
        if pinned and ends.get(stop.id, pinned) is not pinned:
            problems.append(Problem("team", f"{stop.name} is pinned to team {pinned.name} but is where team "
                                    f"{ends[stop.id].name} starts or ends", team=pinned.id, stop=stop.id))
        if stop.day is not None and stop.day not in days:
            problems.append(Problem("day", f"{stop.name} is pinned to {stop.day}, which is not a working day of "
                                    f"{whose}", team=stop.team, stop=stop.id))
        elif stop.dates is not None and not (stop.dates & days):
            problems.append(Problem("dates", f"none of the dates allowed for {stop.name} is a working day of "
                                    f"{whose}", team=stop.team, stop=stop.id))
        if n > 1:
            reach = int(nearest[k])
            if reach >= UNREACHABLE:
                problems.append(Problem("link", f"{stop.name} (on {stop.point.land}) cannot be reached: no link "
                                        "joins its land to the others", stop=stop.id))
            elif reach > rules.max_drive and too_lonely:
                problems.append(Problem("max_drive", f"every drive to or from {stop.name} is longer than the "
                                        f"{human(rules.max_drive)} daily cap (the shortest takes {human(reach)})",
                                        stop=stop.id, fixes={"max_drive": reach}))
    return problems


def capacity_problems(instance: Instance) -> list[Problem]:
    """More hours of sessions than all the teams' working days hold, or than a team's days hold of the stops
    pinned to it (or more of them than its days hold sessions): a proof that no plan exists."""
    rules, teams = instance.rules, instance.teams
    window = rules.end - rules.start
    days = sum(len(team.dates) for team in teams)
    need = sum(stop.session for stop in instance.stops)
    if need > days * window:
        return [Problem("days", f"the sessions take {human(need)} in all, more than the {days} working days of "
                        f"the teams can hold ({human(days * window)} from {clock(rules.start)} to "
                        f"{clock(rules.end)})", fixes={"team_days": -(-need // window)})]
    problems = []
    for team in teams:
        pinned = [stop.session for stop in instance.stops if stop.team == team.id]
        have = len(team.dates)
        if not pinned:
            continue
        shortest = min(pinned)  # sessions of no time: a day holds any number of them
        least = max(-(-sum(pinned) // window), -(-len(pinned) // max(1, window // shortest)) if shortest else 0)
        if least > have:
            problems.append(Problem("team", f"the {len(pinned)} stops pinned to team {team.name} need at least "
                                    f"{least} working days ({human(sum(pinned))} of sessions), and it has {have}",
                                    team=team.id, fixes={"days": least}))
    return problems


def order_problems(instance: Instance, network: Network, team: Team, order: list[int]) -> list[Problem]:
    """What keeps this order from fitting the team's days, and the smallest changes that fix it."""
    rules, stops, problems = instance.rules, instance.stops, []
    have = len(team.dates)
    days = days_needed(network, rules, team, order)
    cap = drive_needed(network, rules, team, order)
    end = _end_needed(network, rules, team, order)
    fixes, options = {}, []
    names = {t.id: t.name for t in instance.teams}
    for k in order:
        if stops[k].team not in (None, team.id):
            problems.append(Problem("team", f"{stops[k].name} is pinned to team {names.get(stops[k].team)}, not "
                                    f"to team {team.name}", team.id, stops[k].id, {"team": stops[k].team}))
    if days is not None and days > have:
        fixes["days"] = days
        options.append(f"{days} days (has {have})")
    if cap is not None and cap > rules.max_drive:
        fixes["max_drive"] = cap
        options.append(f"{human(cap)} of driving a day (cap {human(rules.max_drive)})")
    if end is not None and end > rules.end:
        fixes["day_end"] = end
        options.append(f"a working day ending at {clock(end)} (not {clock(rules.end)})")
    if options:
        problems.append(Problem("days" if "days" in fixes else "max_drive",
                                f"team {team.name}: needs " + ", or ".join(options), team=team.id, fixes=fixes))
    for k in order:
        stop = stops[k]
        if stop.windows and fits(network, rules, team, order, Relax(free_windows=frozenset({k}))):
            problems.append(Problem("windows", f"the time windows of {stop.name} cannot be kept "
                                    f"({_windows(stop.windows)}); without them the tour fits", team.id, stop.id))
        if stop.day or stop.dates:
            loose = Relax(free_dates=frozenset({k}))
            what = f"the pinned day {stop.day}" if stop.day else "the allowed dates"
            if fits(network, rules, team, order, loose):
                problems.append(Problem("day" if stop.day else "dates", f"{what} of {stop.name} cannot be kept; "
                                        "without it the tour fits", team.id, stop.id))
            elif days is None and (later := days_needed(network, rules, team, order, loose)) is not None:
                problems.append(Problem("day" if stop.day else "dates", f"{what} of {stop.name} cannot be kept in "
                                        f"this order; without it the tour needs {later} days", team.id, stop.id,
                                        {"days": later}))
    crosses = any(network.crosses(a, b) for a, b in itertools.pairwise(order))
    if crosses and fits(network, rules, team, order, Relax(ferry_timetable=False)):
        problems.append(Problem("ferry", f"team {team.name}: the ferry timetable makes the crossing days too "
                                "long; with a departure whenever the caravan reaches the port it fits", team.id))
    if not problems:
        problems.append(Problem("order", f"team {team.name}: this order cannot be split into days under any "
                                "single change tried", team.id))
    return problems


def _windows(windows) -> str:
    return ", ".join(f"{clock(a)}-{clock(b)}" for a, b in windows)


def _end_needed(network: Network, rules: DayRules, team: Team, order: list[int]) -> int | None:
    return least(rules.end, 24 * 60, lambda end: fits(network, replace(rules, end=end), team, order))

