"""Tours and teams in the API: everyone reads the published tours (dates, teams, their stops in order);
organisers add, change and delete tours and teams through the services, with 401, 403, 404 and 422 as documented."""

import datetime as dt

import pytest

from madina.caravan import services
from madina.caravan.models import Team, Tour

from .conftest import future_edition

D = dt.timedelta


@pytest.fixture
def published(organiser):
    edition = future_edition(slug="cote-api", days=14, published=True)
    tour = services.tours.ensure_tour(edition)
    services.save_tour(tour, organiser, end_date=edition.start_date + D(days=3))
    Tour.objects.filter(pk=tour.pk).update(is_published=True)
    return edition


def test_everyone_reads_the_published_tours_with_their_teams_and_stops(client, published, organiser,
                                                                        django_assert_num_queries):
    hidden = services.add_tour(published, organiser, name_fr="Nord", start_date=published.start_date + D(days=10),
                               end_date=published.end_date)
    with django_assert_num_queries(4):
        body = client.get("/api/v1/editions/cote-api/tours").json()
    tour, = body
    assert (tour["edition"], tour["start_date"], tour["is_published"]) == ("cote-api", published.start_date.isoformat(),
                                                                          True)
    team, = tour["teams"]
    assert (team["name"], team["colour"]) == ("Caravane", "#0072B2")
    assert [stop["order"] for stop in team["stops"]] == [1, 2, 3, 4, 5]
    assert client.get(f"/api/v1/tours/{tour['id']}").json() == tour
    assert client.get(f"/api/v1/tours/{hidden.pk}").status_code == 404
    assert client.get("/api/v1/tours/99999999999").status_code == 422
    draft = future_edition(slug="brouillon")
    assert client.get("/api/v1/editions/brouillon/tours").status_code == 404
    assert client.get(f"/api/v1/tours/{services.tours.ensure_tour(draft).pk}").status_code == 404


def test_organisers_write_tours_and_teams(client, published, organiser):
    client.force_login(organiser)
    start = published.start_date
    made = client.post("/api/v1/editions/cote-api/tours", {"name_fr": "Nord", "start_date": str(start + D(days=10)),
                                                           "end_date": str(start + D(days=13))},
                       content_type="application/json")
    assert made.status_code == 201, made.json()
    tour = made.json()
    assert tour["is_published"] is False and [t["name"] for t in tour["teams"]] == ["Caravane"]
    clash = client.post("/api/v1/editions/cote-api/tours", {"name_fr": "Centre", "start_date": str(start + D(days=2)),
                                                            "end_date": str(start + D(days=5))},
                        content_type="application/json")
    assert clash.status_code == 422 and "start_date" in clash.json()["errors"]
    changed = client.patch(f"/api/v1/tours/{tour['id']}", {"name_en": "North", "end_date": str(start + D(days=12))},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["end_date"] == str(start + D(days=12))
    assert Tour.objects.get(pk=tour["id"]).name_fr == "Nord"

    team = client.post(f"/api/v1/tours/{tour['id']}/teams", {"name_fr": "Bleue", "start_stop": 2},
                       content_type="application/json")
    assert team.status_code == 201 and (team.json()["colour"], team.json()["start_stop"]) == ("#D55E00", 2)
    team = team.json()
    refused = client.patch(f"/api/v1/teams/{team['id']}", {"end_stop": 99}, content_type="application/json")
    assert refused.status_code == 422 and "end_stop" in refused.json()["errors"]
    refused = client.patch(f"/api/v1/teams/{team['id']}", {"colour": "bleu"}, content_type="application/json")
    assert refused.status_code == 422 and "colour" in refused.json()["errors"]
    cleared = client.patch(f"/api/v1/teams/{team['id']}", {"start_stop": None}, content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["start_stop"] is None
    assert client.delete(f"/api/v1/teams/{team['id']}").status_code == 204
    last = Team.objects.get(tour_id=tour["id"])
    assert client.delete(f"/api/v1/teams/{last.pk}").status_code == 409
    assert client.delete(f"/api/v1/tours/{tour['id']}").status_code == 204
    assert client.delete(f"/api/v1/tours/{tour['id']}").status_code == 404
    assert client.patch("/api/v1/teams/424242", {}, content_type="application/json").status_code == 404


def test_visitors_and_citizens_may_not_write(client, published, citizen):
    tour = published.tours.get()
    team = tour.teams.get()
    calls = [("post", "/api/v1/editions/cote-api/tours", {"name_fr": "X", "start_date": "2030-01-01",
                                                          "end_date": "2030-01-01"}),
             ("patch", f"/api/v1/tours/{tour.pk}", {"name_fr": "X"}), ("delete", f"/api/v1/tours/{tour.pk}", None),
             ("post", f"/api/v1/tours/{tour.pk}/teams", {"name_fr": "X"}),
             ("patch", f"/api/v1/teams/{team.pk}", {"name_fr": "X"}), ("delete", f"/api/v1/teams/{team.pk}", None),
             ("patch", "/api/v1/tours/424242", {"name_fr": "X"})]
    for status, login in ((401, None), (403, citizen)):
        if login:
            client.force_login(login)
        for method, url, data in calls:
            response = getattr(client, method)(url, data, content_type="application/json")
            assert response.status_code == status, (method, url, response.content)
    assert Tour.objects.get().name_fr == published.name_fr and Team.objects.get().name_fr == "Caravane"
