"""An edition's tours and teams: the migration gives every earlier edition one tour of one team, and the services
refuse tours outside the edition or over another tour, a team without a tour, pins that do not go together."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from madina.caravan import services
from madina.caravan.models import Edition, Stop, Team, Tour
from madina.core.errors import Conflict, Invalid, NotAllowed

from .conftest import future_edition

D = dt.timedelta


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor.loader.project_state(list(targets)).apps


@pytest.mark.django_db(transaction=True)
def test_an_edition_made_before_tours_becomes_one_tour_of_one_team_with_all_its_stops_and_runs():
    try:
        old = migrate(("caravan", "0005_registration_confirmed_at"))
        Edition_, Stop_, PlanRun_ = (old.get_model("caravan", n) for n in ("Edition", "Stop", "PlanRun"))
        edition = Edition_.objects.create(slug="sud", name="Sud", name_fr="Sud", name_ar="الجنوب",
                                          start_date=dt.date(2020, 3, 9), end_date=dt.date(2020, 3, 16))
        first = Stop_.objects.create(edition=edition, order=1, name="Sbeïtla", latitude=35.2, longitude=9.1)
        Stop_.objects.create(edition=edition, order=2, name="Gafsa", latitude=34.4, longitude=8.8)
        edition.first_stop = first
        edition.save()
        edition.published_run = PlanRun_.objects.create(edition=edition)
        edition.save()

        new = migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
        tour = new.get_model("caravan", "Tour").objects.get()
        team = new.get_model("caravan", "Team").objects.get()
        assert (tour.edition_id, tour.start_date, tour.end_date, tour.name_ar) == (
            edition.pk, dt.date(2020, 3, 9), dt.date(2020, 3, 16), "الجنوب")
        assert team.tour_id == tour.pk and team.start_stop_id == first.pk and team.end_stop_id is None
        stops = new.get_model("caravan", "Stop").objects.values_list("tour_id", "team_id", "pinned_tour_id")
        assert sorted(stops) == [(tour.pk, team.pk, None)] * 2
        assert new.get_model("caravan", "PlanRun").objects.get().tour_id == tour.pk == tour.published_run.tour_id
    finally:
        migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
        for model in (Tour, Edition):
            model.objects.all().delete()


def test_a_new_edition_has_one_tour_of_one_team_over_its_dates(organiser):
    edition = services.create_edition(organiser, name_fr="Nord", start_date=dt.date(2030, 6, 29),
                                      end_date=dt.date(2030, 7, 6))
    tour = edition.tours.get()
    assert (tour.start_date, tour.end_date, tour.name_fr) == (dt.date(2030, 6, 29), dt.date(2030, 7, 6), "Nord")
    assert list(tour.teams.values_list("name_fr", "name_ar", "colour")) == [("Caravane", "القافلة", "#0072B2")]
    services.save_edition_rules(edition, organiser, start_date=dt.date(2030, 6, 28), end_date=dt.date(2030, 7, 8))
    tour.refresh_from_db()
    assert (tour.start_date, tour.end_date) == (dt.date(2030, 6, 28), dt.date(2030, 7, 8))


def _two_tours(organiser, edition):
    """The edition stretched to two weeks: a tour of its first four days and one of its last four."""
    start = edition.start_date
    services.save_edition_rules(edition, organiser, end_date=start + D(days=13))
    first = edition.tours.get()
    services.save_tour(first, organiser, end_date=start + D(days=3))
    second = services.add_tour(edition, organiser, name_fr="Nord", start_date=start + D(days=10),
                               end_date=start + D(days=13))
    return first, second


def test_tours_stay_inside_the_edition_and_apart(organiser, coast):
    services.tours.ensure_tour(coast)
    first, second = _two_tours(organiser, coast)
    start = coast.start_date
    refusals = [
        ({"start_date": start - D(days=1), "end_date": start + D(days=5)}, "start_date", "dans les dates"),
        ({"start_date": start + D(days=6), "end_date": start + D(days=20)}, "end_date", "dans les dates"),
        ({"start_date": start + D(days=3), "end_date": start + D(days=6)}, "start_date", "chevauchent"),
        ({"start_date": start + D(days=8), "end_date": start + D(days=7)}, "end_date", "avant le premier"),
        ({"name_fr": " ", "start_date": start + D(days=5), "end_date": start + D(days=6)}, "name_fr", "nom"),
    ]
    for data, field, words in refusals:
        with pytest.raises(Invalid) as refused:
            services.add_tour(coast, organiser, **{"name_fr": "Centre", **data})
        assert field in refused.value.errors and words in str(refused.value)
    with pytest.raises(Invalid):
        services.save_tour(second, organiser, start_date=start + D(days=2))
    with pytest.raises(Invalid) as refused:
        services.save_edition_rules(coast, organiser, end_date=start + D(days=12))
    assert "Nord" in str(refused.value)
    assert Tour.objects.filter(edition=coast).count() == 2
    assert Edition.objects.get(pk=coast.pk).end_date == start + D(days=13)
    services.delete_tour(second, organiser)
    with pytest.raises(Conflict):
        services.delete_tour(first, organiser)


def test_teams_belong_to_a_tour_and_start_or_end_at_most_one_team(organiser, coast):
    tour = services.tours.ensure_tour(coast)
    sfax, ezzit = coast.stops.order_by("order")[:2]
    with pytest.raises(Invalid) as refused:
        services.add_team(None, organiser, name_fr="Orpheline")
    assert refused.value.field == "tour"
    blue = services.add_team(tour, organiser, name_fr="Bleue", start_stop=sfax)
    assert blue.colour == "#D55E00" and list(tour.teams.values_list("order", flat=True)) == [1, 2]
    for data, field in [({"start_stop": sfax}, "start_stop"), ({"start_stop": ezzit, "end_stop": ezzit}, "end_stop"),
                        ({"colour": "bleu"}, "colour"), ({"name_fr": ""}, "name_fr")]:
        with pytest.raises(Invalid) as refused:
            services.add_team(tour, organiser, **{"name_fr": "Verte", **data})
        assert field in refused.value.errors
    other = future_edition(slug="ailleurs")
    with pytest.raises(Invalid):
        services.save_team(blue, organiser, end_stop=other.stops.first())
    assert Team.objects.filter(tour=tour).count() == 2
    services.delete_team(blue, organiser)
    with pytest.raises(Conflict):
        services.delete_team(tour.teams.get(), organiser)


def test_a_stop_is_pinned_to_a_tour_or_a_team_of_that_tour(organiser, coast):
    services.tours.ensure_tour(coast)
    first, second = _two_tours(organiser, coast)
    north_team = second.teams.get()
    stop = coast.stops.order_by("order").first()
    pinned = services.pin_stop(stop, organiser, tour=None, team=north_team)
    assert (pinned.pinned_tour, pinned.pinned_team) == (second, north_team)
    with pytest.raises(Invalid) as refused:
        services.pin_stop(stop, organiser, tour=first, team=north_team)
    assert refused.value.field == "pinned_team"
    services.save_stop(stop, organiser, pinned_day=coast.start_date)
    with pytest.raises(Invalid) as refused:
        services.pin_stop(stop, organiser, tour=second, team=None)
    assert refused.value.field == "pinned_tour"
    services.pin_stop(stop, organiser, tour=None, team=None)
    assert Stop.objects.filter(pk=stop.pk, pinned_tour=None, pinned_team=None).exists()


def test_a_citizen_may_not_touch_tours_or_teams(coast, citizen):
    tour = services.tours.ensure_tour(coast)
    team = tour.teams.get()
    for call in [lambda: services.add_tour(coast, citizen, name_fr="X", start_date=coast.start_date,
                                           end_date=coast.start_date),
                 lambda: services.save_tour(tour, citizen, name_fr="X"), lambda: services.delete_tour(tour, citizen),
                 lambda: services.add_team(tour, citizen, name_fr="X"),
                 lambda: services.save_team(team, citizen, name_fr="X"),
                 lambda: services.delete_team(team, citizen),
                 lambda: services.pin_stop(coast.stops.first(), citizen, tour=tour, team=None)]:
        with pytest.raises(NotAllowed):
            call()
    assert Tour.objects.get().name_fr == coast.name_fr and Team.objects.get().name_fr == "Caravane"


def test_the_road_matrix_is_reused_until_a_stop_moves(organiser, coast, django_capture_on_commit_callbacks):
    from madina.caravan.models import PlanRun, RoadMatrix

    def plan():
        with django_capture_on_commit_callbacks(execute=True):
            run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
        run.refresh_from_db()
        return run.result["road_times"], RoadMatrix.objects.get(edition=coast)

    first, stored = plan()
    assert not first["reused"] and first["source"]["kind"] == "great-circle" and len(stored.points) == 5
    again, _ = plan()
    assert again["reused"] and again["computed_at"] == first["computed_at"]
    mahdia = coast.stops.get(name_fr="Mahdia")
    services.save_stop(mahdia, organiser, latitude=mahdia.latitude + Decimal("0.01"))
    moved, stored = plan()
    assert not moved["reused"] and len(stored.points) == 5
    services.save_edition_rules(coast, organiser, speed_kmh=60)
    slower, stored = plan()
    assert not slower["reused"] and stored.source["speed_kmh"] == 60


def test_the_rules_start_and_end_stops_are_the_lone_teams(organiser, coast):
    tour = services.tours.ensure_tour(coast)
    sfax, mahdia = coast.stops.get(name_fr="Sfax"), coast.stops.get(name_fr="Mahdia")
    services.save_edition_rules(coast, organiser, first_stop=sfax, last_stop=mahdia)
    team = tour.teams.get()
    assert (team.start_stop, team.end_stop) == (sfax, mahdia)
    data = services.planning.instance_data(coast, list(coast.stops.order_by("order")), tour)
    assert (data["teams"][0]["start"], data["teams"][0]["end"]) == (f"stop-{sfax.pk}", f"stop-{mahdia.pk}")
    services.save_edition_rules(coast, organiser, first_stop=None)
    team.refresh_from_db()
    assert team.start_stop is None and team.end_stop == mahdia
