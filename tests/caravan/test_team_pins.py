"""A stop pinned to a team: the web planner hands the pin to the core, whose plan keeps it, and a plan made before
a stop was pinned elsewhere is not applied."""

import datetime as dt

import pytest

from madina.caravan import plan_pages, planning, services
from madina.caravan.models import PlanRun
from madina.core.errors import Conflict


def _two_teams(organiser, coast):
    tour = services.tours.ensure_tour(coast)
    first = tour.teams.get()
    second = services.add_team(tour, organiser, name_fr="Bleue")
    return tour, first, second


def _plan(coast, organiser, capture):
    with capture(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    run.refresh_from_db()
    return run


def test_the_plan_keeps_the_stops_pinned_to_a_team(coast, organiser, django_capture_on_commit_callbacks):
    _tour, first, second = _two_teams(organiser, coast)
    pinned = {name: coast.stops.get(name_fr=name) for name in ("Sfax", "Mahdia", "El Jem")}
    for name, team in (("Sfax", second), ("Mahdia", second), ("El Jem", first)):
        services.pin_stop(pinned[name], organiser, tour=None, team=team)
    run = _plan(coast, organiser, django_capture_on_commit_callbacks)
    rows = {stop["name"]: stop.get("team") for stop in run.instance["stops"]}
    assert rows == {"Sfax": f"team-{second.pk}", "Mahdia": f"team-{second.pk}", "El Jem": f"team-{first.pk}",
                    "Sakiet Ezzit": None, "Sakiet Eddaier": None}
    assert run.result["feasible"], run.result["problems"]
    teams = {row.pk: row.team for row in planning.schedule_of(run.result)}
    assert (teams[pinned["Sfax"].pk], teams[pinned["Mahdia"].pk], teams[pinned["El Jem"].pk]) == (
        second.pk, second.pk, first.pk)
    services.apply_plan(run, organiser, publish=False)
    assert {stop.name_fr: stop.team_id for stop in coast.stops.filter(pinned_team__isnull=False)} == {
        "Sfax": second.pk, "Mahdia": second.pk, "El Jem": first.pk}


def test_a_plan_made_before_a_stop_was_pinned_to_another_team_is_not_applied(
        coast, organiser, django_capture_on_commit_callbacks):
    _tour, first, second = _two_teams(organiser, coast)
    run = _plan(coast, organiser, django_capture_on_commit_callbacks)
    assert run.result["feasible"]
    planned = {row.pk: row.team for row in planning.schedule_of(run.result)}
    stop = coast.stops.get(name_fr="Mahdia")
    other = second if planned[stop.pk] == first.pk else first
    services.pin_stop(stop, organiser, tour=None, team=other)
    with pytest.raises(Conflict):
        services.apply_plan(run, organiser, publish=True)


def test_a_pinned_team_short_of_days_is_said_with_its_name(coast, organiser, django_capture_on_commit_callbacks):
    coast.session_minutes = 240
    coast.save()
    tour, first, second = _two_teams(organiser, coast)
    services.save_tour(tour, organiser, end_date=coast.start_date)  # two days of teams hold the 20 h, one does not
    for stop in coast.stops.all():
        services.pin_stop(stop, organiser, tour=None, team=second)
    run = _plan(coast, organiser, django_capture_on_commit_callbacks)
    assert not run.result["feasible"]
    view = plan_pages.plan_view(run, {}, {f"team-{t.pk}": (t.name, t.colour) for t in (first, second)})
    sentences = [s for p in view.problems for s in p["sentences"]]
    assert "Les étapes imposées à l'équipe Bleue ne tiennent pas dans ses jours." in sentences


def test_a_plan_made_before_a_stop_was_pinned_to_another_tour_is_not_applied(
        coast, organiser, django_capture_on_commit_callbacks):
    south = services.tours.ensure_tour(coast)
    coast.end_date = coast.start_date + (coast.end_date - coast.start_date) * 2 + dt.timedelta(days=1)
    coast.save()
    north = services.add_tour(coast, organiser, name_fr="Nord", start_date=south.end_date + dt.timedelta(days=1),
                              end_date=coast.end_date)
    run = _plan(coast, organiser, django_capture_on_commit_callbacks)
    planned = {row.pk for row in planning.schedule_of(run.result)}
    assert run.result["feasible"] and planned
    other = north if run.tour_id == south.pk else south
    services.pin_stop(coast.stops.get(pk=min(planned)), organiser, tour=None, team=other.teams.get())
    with pytest.raises(Conflict):
        services.apply_plan(run, organiser, publish=False)
