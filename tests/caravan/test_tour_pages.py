"""Planning an edition of two tours and three teams through the organisers' pages: bad tours and teams refused on
their fields with nothing written, the planner run once per tour (stops pinned to a tour stay there), each plan
showing its teams' colours, days used and spare days, one programme per tour published, the road times reused."""

import datetime as dt
import json

import pytest

from madina.caravan.models import PlanRun, RoadMatrix, Stop, Team, Tour

D = dt.timedelta


@pytest.fixture
def as_organiser(client, organiser):
    client.force_login(organiser)
    return client


def _date(day):
    return day.isoformat()


def test_two_tours_three_teams_planned_and_published_on_the_web(as_organiser, coast, django_capture_on_commit_callbacks):
    start = coast.start_date
    base = "/caravane/organiser/cote-2030/"
    page = as_organiser.get(base + "regles/").content.decode()
    assert "name_fr" in page
    rules = {"name_fr": coast.name_fr, "start_date": _date(start), "end_date": _date(start + D(days=13)),
             "day_start": "08:00", "day_end": "19:00", "session_minutes": 180, "max_drive_minutes": 300,
             "evening_drive_minutes": 120, "evening_latest_arrival": "22:00", "circuity": "1.25", "speed_kmh": 70}
    as_organiser.post(base + "regles/", rules)
    as_organiser.post(base + "planifier/", {"kind": "plan"})  # gives the edition its first tour over its dates
    first = Tour.objects.get(edition=coast)
    response = as_organiser.post(base + f"tournees/{first.pk}/", {"name_fr": "Sud", "start_date": _date(start),
                                                                  "end_date": _date(start + D(days=3))})
    assert response.status_code == 302

    for data, words in [
        ({"start_date": _date(start - D(days=2)), "end_date": _date(start + D(days=5))}, "dans les dates de l"),
        ({"start_date": _date(start + D(days=2)), "end_date": _date(start + D(days=6))}, "chevauchent la tourn"),
    ]:
        refused = as_organiser.post(base + "tournees/nouvelle/", {"name_fr": "Nord", **data})
        assert refused.status_code == 400 and words in refused.content.decode()
    assert Tour.objects.filter(edition=coast).count() == 1
    as_organiser.post(base + "tournees/nouvelle/", {"name_fr": "Nord", "name_ar": "الشمال",
                                                    "start_date": _date(start + D(days=10)),
                                                    "end_date": _date(start + D(days=13))})
    north = Tour.objects.get(edition=coast, name_fr="Nord")
    refused = as_organiser.post(base + "equipes/nouvelle/", {"name_fr": "Orpheline", "colour": "#009E73"})
    assert refused.status_code == 400 and "Choisissez la tournée de l" in refused.content.decode()
    as_organiser.post(base + "equipes/nouvelle/", {"tour": first.pk, "name_fr": "Côte", "colour": "#D55E00"})
    assert Team.objects.filter(tour__edition=coast).count() == 3

    mahdia = coast.stops.get(name_fr="Mahdia")
    response = as_organiser.post(base + f"etapes/{mahdia.order}/", {"pinned_tour": north.pk, "latitude": mahdia.latitude,
                                                                    "longitude": mahdia.longitude})
    assert response.status_code == 302 and Stop.objects.get(pk=mahdia.pk).pinned_tour == north

    with django_capture_on_commit_callbacks(execute=True):
        as_organiser.post(base + "planifier/", {"kind": "plan"})
    runs = {run.tour: run for run in PlanRun.objects.filter(edition=coast, tour__isnull=False).order_by("pk")[1:]}
    assert set(runs) == {first, north} and all(run.status == "done" for run in runs.values())
    assert f"stop-{mahdia.pk}" in {stop["id"] for stop in runs[north].instance["stops"]}
    assert len(runs[first].instance["teams"]) == 2 and runs[first].result["feasible"]

    html = as_organiser.get(runs[first].get_absolute_url()).content.decode()
    assert "#D55E00" in html and "Côte" in html and "Jours libres" in html and "Jour par jour : Côte" in html
    assert "matrice de l'édition" in html
    route = json.loads(as_organiser.get(runs[first].get_absolute_url() + "parcours.geojson").content)
    assert {f["properties"]["colour"] for f in route["features"]} <= {"#0072B2", "#D55E00"}

    for run in runs.values():
        response = as_organiser.post(run.get_absolute_url() + "appliquer/", {"publish": "1"})
        assert response.status_code == 302
    public = as_organiser.get("/caravane/cote-2030/").content.decode()
    assert public.index("Sud") < public.index("Nord") and "pas encore publié" not in public
    assert Stop.objects.get(pk=mahdia.pk).tour == north
    assert set(Tour.objects.filter(edition=coast).values_list("published_run", flat=True)) == {r.pk for r in runs.values()}
    arabic = as_organiser.get("/caravane/cote-2030/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الشمال" in arabic

    computed = RoadMatrix.objects.get(edition=coast).computed_at
    with django_capture_on_commit_callbacks(execute=True):
        as_organiser.post(base + "planifier/", {"kind": "plan"})
    again = PlanRun.objects.filter(edition=coast).order_by("-pk")[:2]
    assert all(run.result["road_times"]["reused"] for run in again)
    assert RoadMatrix.objects.get(edition=coast).computed_at == computed


def test_a_tour_and_a_team_are_removed_from_their_pages_but_never_the_last(as_organiser, coast):
    base = "/caravane/organiser/cote-2030/"
    as_organiser.post(base + "planifier/", {"kind": "plan"})
    only = Tour.objects.get(edition=coast)
    page = as_organiser.get(base + f"tournees/{only.pk}/").content.decode()
    assert f"tournees/{only.pk}/supprimer/" in page
    as_organiser.post(base + f"tournees/{only.pk}/supprimer/")
    assert Tour.objects.filter(edition=coast).count() == 1
    assert "au moins une tournée" in as_organiser.get(base).content.decode()
    second = Team.objects.create(tour=only, order=2, name_fr="Bis", colour="#009E73")
    as_organiser.post(base + f"equipes/{second.pk}/supprimer/")
    assert list(Team.objects.filter(tour=only).values_list("order", flat=True)) == [1]
    assert as_organiser.get(base + f"equipes/{second.pk}/supprimer/").status_code == 405
