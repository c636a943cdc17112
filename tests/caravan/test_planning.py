"""From an edition to a tour instance and back: the plan task, progress, pins, hand order, applying a plan."""

import datetime as dt
from pathlib import Path

import pytest

from madina.caravan import plan_pages, planning, runs, services
from madina.caravan.demo import load_2020_edition
from madina.caravan.models import Edition, PlanRun, Stop
from madina.caravan.tasks import run_plan
from madina.core.errors import Conflict, Invalid
from madina.tour.io import load_instance, parse_instance
from madina.tour.solve import Options, solve

REPO = Path(__file__).resolve().parents[2]


def ids(edition):
    return {stop.name_fr: f"stop-{stop.pk}" for stop in edition.stops.all()}


def test_the_2020_edition_becomes_the_example_instance(db):
    """The web's instance of the 2020 edition plans to the same optimum as examples/caravan-2020.json."""
    edition = load_2020_edition()
    names = ids(edition)
    edition.first_stop = edition.stops.get(order=1)
    edition.last_stop = edition.stops.get(order=20)
    edition.save()
    data = planning.instance_data(edition, list(edition.stops.order_by("order")))
    instance = parse_instance(data)
    assert len(instance.stops) == 20
    assert instance.stop(names["Kerkennah"]).point.land == "kerkennah"
    assert [link.id for link in instance.links] == ["bac-kerkennah"]
    assert instance.teams[0].dates[0] == dt.date(2020, 3, 9) and len(instance.teams[0].dates) == 8
    assert (instance.teams[0].start, instance.teams[0].end) == (names["Sbeïtla"], names["Sakiet Eddaier"])
    ours = solve(instance, Options(seconds=5))
    example = solve(load_instance(REPO / "examples" / "caravan-2020.json"), Options(seconds=5))
    assert ours.proven_optimal and ours.cost == example.cost


def test_islands_are_recognised_by_name():
    assert planning.land_of("Kerkennah") == "kerkennah"
    assert planning.land_of("KERKENAH") == "kerkennah"
    assert planning.land_of("Djerba Midoun") == "djerba"
    assert planning.land_of("Sfax") == "mainland"


def test_pins_rest_days_and_evening_rules_reach_the_instance(coast):
    stops = list(coast.stops.order_by("order"))
    stops[3].pinned_day = coast.start_date
    stops[3].save()
    coast.rest_days = [(coast.start_date + dt.timedelta(days=1)).isoformat()]
    coast.evening_drive_minutes = 0
    coast.save()
    data = planning.instance_data(coast, list(coast.stops.order_by("order")))
    instance = parse_instance(data)
    assert instance.stop(f"stop-{stops[3].pk}").day == coast.start_date
    assert len(instance.teams[0].dates) == 2 and instance.teams[0].rest_days == (coast.start_date + dt.timedelta(1),)
    assert instance.rules.evening_drive == 0
    assert data["announced_order"] == [f"stop-{s.pk}" for s in stops]


def test_the_task_plans_and_reports_its_phases(coast, organiser, django_capture_on_commit_callbacks):
    seen = []
    original = runs.record_progress
    runs.record_progress = lambda *args: (seen.append(args[1]), original(*args))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    finally:
        runs.record_progress = original
    run.refresh_from_db()
    assert run.status == PlanRun.Status.DONE and run.progress == 100
    assert seen[0] == "matrix" and "solving" in seen and seen[-1] == "saving"
    assert run.result["feasible"] and run.result["proven_optimal"]
    assert sorted(run.result["teams"][0]["order"]) == sorted(f"stop-{s.pk}" for s in coast.stops.all())
    assert run.started_at <= run.finished_at


def test_the_task_function_directly_and_twice(coast, organiser):
    data = planning.instance_data(coast, list(coast.stops.order_by("order")))
    run = PlanRun.objects.create(edition=coast, instance=data, created_by=organiser)
    assert run_plan.call(run.pk) == PlanRun.Status.DONE
    assert run_plan.call(run.pk) == PlanRun.Status.DONE  # a second delivery does not plan again
    assert run_plan.call(10**9) == "missing"


def test_a_broken_instance_fails_with_its_reason(coast):
    run = PlanRun.objects.create(edition=coast, instance={"stops": []})
    assert runs.execute_plan_run(run.pk) == PlanRun.Status.FAILED
    run.refresh_from_db()
    assert run.status == PlanRun.Status.FAILED and "stops" in run.message and run.finished_at


def test_an_edition_without_stops_is_refused_before_queueing(db, organiser):
    empty = Edition.objects.create(slug="vide", name_fr="Vide", start_date=dt.date(2030, 1, 1),
                                   end_date=dt.date(2030, 1, 2))
    with pytest.raises(Invalid, match="au moins une étape"):
        services.request_plan(empty, organiser, PlanRun.Kind.PLAN)
    assert not PlanRun.objects.exists()


def test_a_pinned_stop_is_planned_on_its_day(coast, organiser, django_capture_on_commit_callbacks):
    mahdia = coast.stops.get(name_fr="Mahdia")
    mahdia.pinned_day = coast.start_date
    mahdia.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    run.refresh_from_db()
    schedule = {row.pk: row for row in planning.schedule_of(run.result)}
    assert schedule[mahdia.pk].date == coast.start_date


def test_too_few_days_gives_fixes_as_sentences(coast, organiser, django_capture_on_commit_callbacks):
    coast.end_date = coast.start_date
    coast.max_drive_minutes = 60
    coast.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    run.refresh_from_db()
    assert not run.result["feasible"]
    view = plan_pages.plan_view(run, {})
    sentences = [s for p in view.problems for s in p["sentences"]]
    assert any(s.startswith("Solution : compter ") and "jours de tournée" in s for s in sentences), sentences
    with pytest.raises(Invalid):
        services.apply_plan(run, organiser, publish=True)


def test_moving_stops_by_hand_and_evaluating_that_order(coast, organiser, django_capture_on_commit_callbacks):
    mahdia = coast.stops.get(name_fr="Mahdia")
    assert services.move_stop(mahdia, organiser, -1) and mahdia.order == 4
    assert not services.move_stop(coast.stops.get(order=1), organiser, -1)
    assert list(coast.stops.order_by("order").values_list("name_fr", flat=True)) == [
        "Sfax", "Sakiet Ezzit", "Sakiet Eddaier", "Mahdia", "El Jem"]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.ORDER)
    run.refresh_from_db()
    assert run.result["method"] == "given order"
    assert run.result["teams"][0]["order"] == [f"stop-{s.pk}" for s in coast.stops.order_by("order")]


def test_applying_a_plan_writes_days_and_times_then_publishes(coast, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    run.refresh_from_db()
    services.apply_plan(run, organiser, publish=True)
    coast.refresh_from_db()
    assert coast.is_published and not coast.days_are_estimated and coast.published_run == run
    stops = list(coast.stops.order_by("order"))
    assert [f"stop-{s.pk}" for s in stops] == run.result["teams"][0]["order"]
    assert all(s.date and s.starts_at and s.ends_at for s in stops)
    assert stops[0].starts_at == dt.time(8, 0)
    assert all((dt.datetime.combine(s.date, s.ends_at) - dt.datetime.combine(s.date, s.starts_at))
               == dt.timedelta(minutes=180) for s in stops)
    assert [s.date for s in stops] == sorted(s.date for s in stops)


def test_a_plan_made_before_the_stops_changed_is_not_applied(coast, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    run.refresh_from_db()
    coast.stops.get(name_fr="El Jem").delete()
    with pytest.raises(Conflict):
        services.apply_plan(run, organiser, publish=False)
    assert not Stop.objects.filter(edition=coast, date__isnull=False).exists()


def test_the_2020_edition_keeps_its_estimated_days(db):
    edition = load_2020_edition()
    assert edition.days_are_estimated and edition.published_run is None
    assert edition.stops.get(name_fr="Kerkennah").land == "kerkennah"


@pytest.mark.parametrize(("method", "label"), [
    ("held-karp (1 orders tried)", "recherche exacte (Held-Karp), 1 ordre essayé"),
    ("held-karp (all 120 orders tried)", "recherche exacte (Held-Karp), 120 ordres essayés"),
    ("or-tools routing (7 rounds)", "recherche approchée (OR-Tools), 7 tours"),
    ("given order", "l'ordre donné"),
    ("something new", "autre méthode du planificateur"),
])
def test_the_planners_method_is_said_in_the_readers_words(method, label):
    assert plan_pages.method_label(method) == label


def test_no_english_from_the_core_on_the_plan_page(client, coast, organiser, django_capture_on_commit_callbacks):
    coast.end_date = coast.start_date
    coast.max_drive_minutes = 60
    coast.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    client.force_login(organiser)
    html = client.get(run.get_absolute_url()).content.decode()
    run.refresh_from_db()
    assert run.result["problems"] and "Solution" in html
    main = html[html.index("<main"):html.index("</main>")]
    assert 'lang="en"' not in main and run.result["problems"][0]["message"] not in main


def test_the_plan_says_where_its_road_times_come_from(client, coast, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(coast, organiser, PlanRun.Kind.PLAN)
    client.force_login(organiser)
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Temps de route" in html and "vol d&#x27;oiseau × 1,25, à 70 km/h" in html
    assert plan_pages.travel_label({"kind": "osrm", "url": "http://osrm.example"}).startswith("serveur d'itinéraires OSRM")
    assert plan_pages.travel_label({"kind": "matrix"}) == "matrice de temps fournie avec l'instance"
