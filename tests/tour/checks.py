"""An independent check of a plan against its instance, used by the property tests."""

from __future__ import annotations

import itertools

from madina.tour.model import Instance, Plan


def lands(instance: Instance) -> dict[str, str]:
    out = {stop.id: stop.point.land for stop in instance.stops}
    for link in instance.links:
        out[link.a.point.id] = link.a.point.land
        out[link.b.point.id] = link.b.point.land
    return out


def check_plan(instance: Instance, plan: Plan) -> None:
    rules = instance.rules
    land = lands(instance)
    links = {(link.a.point.id, link.b.point.id) for link in instance.links}
    links |= {(b, a) for a, b in links}
    visited = [sid for team in plan.teams for sid in team.order]
    assert sorted(visited) == sorted(s.id for s in instance.stops), "every stop exactly once"
    sessions_seen = []
    teams = {t.id: t for t in instance.teams}
    for team_plan in plan.teams:
        team = teams[team_plan.team]
        if team.start:
            assert team_plan.order[0] == team.start
        if team.end:
            assert team_plan.order[-1] == team.end
        for sid in team_plan.order:
            assert instance.stop(sid).team in (None, team.id), f"{sid} is pinned to another team"
        for day in team_plan.days:
            if day.kind in ("rest", "idle", "free"):
                assert not day.events
                continue
            assert day.date in team.dates, "work only on working days"
            assert day.drive <= rules.max_drive, "daily driving cap"
            t = rules.start
            for event in day.events:
                assert event.start >= t and event.end >= event.start, "events in order"
                t = event.end
                if event.between is not None:
                    a, b = event.between
                    if event.kind == "drive":
                        assert land[a] == land[b], f"a drive over the sea: {event.place}"
                    else:
                        assert (a, b) in links, "water crossed only on a declared link"
                if event.kind == "session":
                    stop = instance.stop(event.stop)
                    assert event.end - event.start == stop.session
                    assert rules.start <= event.start and event.end <= rules.end, "session in the working window"
                    if stop.windows:
                        assert any(w0 <= event.start and event.end <= w1 for w0, w1 in stop.windows)
                    assert stop.allows(day.date), "pinned day and allowed dates"
                    sessions_seen.append(stop.id)
            if day.evening:
                assert day.events[-1].end <= rules.evening_latest
    assert sorted(sessions_seen) == sorted(visited), "one session per stop"


def matrix_cost(instance: Instance, plan: Plan) -> int:
    """The plan's cost from its orders and the instance's own matrix, without the planner's network."""
    index = {pid: i for i, pid in enumerate(instance.travel.points)}
    rows = instance.travel.minutes
    return sum(rows[index[a]][index[b]] for team in plan.teams for a, b in itertools.pairwise(team.order))
