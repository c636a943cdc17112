"""The organisers' pages: who may see them, creating an edition, choosing municipalities, planning with the task
run at once, progress, applying and publishing, exporting a stop's attendees."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from madina.caravan import services
from madina.caravan.models import Edition, PlanRun, Registration, Sector
from madina.core.models import AuditEntry

from .conftest import future_edition

ORGANISER_PAGES = [
    "/caravane/organiser/", "/caravane/organiser/nouvelle/", "/caravane/organiser/cote-2030/",
    "/caravane/organiser/cote-2030/regles/", "/caravane/organiser/cote-2030/municipalites/",
    "/caravane/organiser/cote-2030/etapes/1/", "/caravane/organiser/cote-2030/etapes/1/inscrits.csv",
]


@pytest.fixture
def as_organiser(client, organiser):
    client.force_login(organiser)
    return client


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_anonymous_visitors_are_sent_to_log_in_and_citizens_refused(client, coast, citizen, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(citizen)
    assert client.get(url).status_code == 403


def test_a_citizen_cannot_plan_move_or_apply(client, coast, citizen, organiser):
    run = PlanRun.objects.create(edition=coast, instance={})
    client.force_login(citizen)
    for url in ("/caravane/organiser/cote-2030/planifier/", "/caravane/organiser/cote-2030/etapes/1/deplacer/",
                f"/caravane/organiser/cote-2030/calculs/{run.pk}/appliquer/"):
        assert client.post(url, {"kind": "plan", "direction": "down", "publish": "1"}).status_code == 403
    assert PlanRun.objects.count() == 1 and coast.stops.get(order=1).name_fr == "Sfax"


def test_organisers_find_their_pages_from_the_caravan_page(as_organiser, client):
    assert 'href="/caravane/organiser/"' in as_organiser.get("/caravane/").content.decode()
    client.logout()
    assert 'href="/caravane/organiser/"' not in client.get("/caravane/").content.decode()


def test_creating_an_edition_with_its_rules(as_organiser):
    response = as_organiser.post("/caravane/organiser/nouvelle/", {
        "name_fr": "Caravane 2027", "name_ar": "قافلة 2027", "start_date": "2027-03-01", "end_date": "2027-03-05",
        "day_start": "08:30", "day_end": "18:00", "session_minutes": "150", "max_drive_minutes": "240",
        "evening_drive_minutes": "90", "evening_latest_arrival": "21:30", "rest_days": "2027-03-03",
        "circuity": "1.3", "speed_kmh": "65",
    })
    edition = Edition.objects.get(name_fr="Caravane 2027")
    assert response.url == f"/caravane/organiser/{edition.slug}/municipalites/"
    assert edition.slug == "caravane-2027" and not edition.is_published
    assert (edition.session_minutes, edition.max_drive_minutes, edition.rest_days) == (150, 240, ["2027-03-03"])


def test_a_bad_rules_form_says_what_and_keeps_everything(as_organiser):
    response = as_organiser.post("/caravane/organiser/nouvelle/", {
        "name_fr": "Caravane", "start_date": "2027-03-05", "end_date": "2027-03-01", "day_start": "08:00",
        "day_end": "19:00", "session_minutes": "120", "max_drive_minutes": "300", "evening_drive_minutes": "0",
        "evening_latest_arrival": "22:00", "rest_days": "hier", "circuity": "1.25", "speed_kmh": "70",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le dernier jour vient avant le premier." in html
    assert "« hier » n&#x27;est pas une date AAAA-MM-JJ." in html
    assert 'value="Caravane"' in html and not Edition.objects.exists()


def test_choosing_municipalities_without_javascript(as_organiser, territory, organiser):
    edition = Edition.objects.create(slug="sfax-2027", name_fr="Sfax 2027", start_date="2027-03-01",
                                     end_date="2027-03-03")
    page = as_organiser.get("/caravane/organiser/sfax-2027/municipalites/?q=sakiet").content.decode()
    assert 'name="municipality"' in page and "Sakiet Eddaier" in page
    from madina.territory.models import Municipality

    sfax = Municipality.objects.filter(governorate__slug="sfax")
    chosen = [m.pk for m in sfax if m.name_fr in ("Sfax", "Sakiet Eddaier", "Kerkenah", "El Ain", "Agareb")]
    assert len(chosen) == 5
    response = as_organiser.post("/caravane/organiser/sfax-2027/municipalites/?gouvernorat=sfax",
                                 {"municipality": chosen, "shown": [m.pk for m in sfax]})
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.stop_count == 5
    assert list(edition.stops.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    assert edition.stops.get(name_fr="Kerkenah").land == "kerkennah"
    assert edition.stops.get(name_fr="Agareb").position_is_approximate
    # Unticking one of the shown municipalities removes its stop; the others are left as they were.
    as_organiser.post("/caravane/organiser/sfax-2027/municipalites/", {"municipality": [], "shown": [chosen[0]]})
    edition.refresh_from_db()
    assert edition.stop_count == 4
    assert list(edition.stops.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4]


def test_planning_from_the_page_to_the_published_programme(as_organiser, coast, django_assert_num_queries,
                                                           django_capture_on_commit_callbacks):
    with django_assert_num_queries(8):  # with the edition's tours (none yet: their teams are not asked)
        page = as_organiser.get("/caravane/organiser/cote-2030/").content.decode()
    assert "Calculer le meilleur parcours" in page and "Sakiet Eddaier" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_organiser.post("/caravane/organiser/cote-2030/planifier/", {"kind": "plan"})
    run = PlanRun.objects.get()
    assert response.url == f"/caravane/organiser/cote-2030/calculs/{run.pk}/"
    assert run.status == "done" and run.created_by is not None
    with django_assert_num_queries(8):  # the edition's teams: the legend's names and colours
        html = as_organiser.get(response.url).content.decode()
    assert "Parcours optimal (prouvé)" in html
    assert html.count('<table class="agenda">') == 3  # one table per day
    assert "Séance" in html and "Route" in html and "Nuit" in html
    assert 'hx-trigger="every 1s"' not in html  # finished: no more polling
    route = json.loads(as_organiser.get(f"/caravane/organiser/cote-2030/calculs/{run.pk}/parcours.geojson").content)
    assert len(route["features"]) == 5 and route["features"][0]["properties"]["order"] == 1
    assert {f["properties"]["subtitle"] for f in route["features"]} == {"Caravane"}
    assert "1 jour" not in html and "Jours libres" in html and "#0072B2" in html
    instance = json.loads(as_organiser.get(f"/caravane/organiser/cote-2030/calculs/{run.pk}/instance.json").content)
    assert instance["format"] == "madina-tour/1" and len(instance["stops"]) == 5
    response = as_organiser.post(f"/caravane/organiser/cote-2030/calculs/{run.pk}/appliquer/", {"publish": "1"})
    assert response.url == "/caravane/cote-2030/"
    public = as_organiser.get("/caravane/cote-2030/").content.decode()
    assert "08:00</time>–<time" in public and "jour estimé" not in public


def test_a_queued_plan_polls_and_says_how_to_start_a_worker(as_organiser, coast):
    run = PlanRun.objects.create(edition=coast, instance={})
    html = as_organiser.get(f"/caravane/organiser/cote-2030/calculs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and '<meta http-equiv="refresh" content="2">' in html
    assert "madina db_worker" not in html
    PlanRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=1))
    fragment = as_organiser.get(f"/caravane/organiser/cote-2030/calculs/{run.pk}/avancement/")
    assert "madina db_worker" in fragment.content.decode() and "HX-Refresh" not in fragment
    PlanRun.objects.filter(pk=run.pk).update(status="failed", message="boom")
    fragment = as_organiser.get(f"/caravane/organiser/cote-2030/calculs/{run.pk}/avancement/")
    assert fragment["HX-Refresh"] == "true"


def test_moving_and_pinning_from_the_page(as_organiser, coast):
    as_organiser.post("/caravane/organiser/cote-2030/etapes/1/deplacer/", {"direction": "down"})
    assert coast.stops.get(order=1).name_fr == "Sakiet Ezzit"
    response = as_organiser.post("/caravane/organiser/cote-2030/etapes/5/", {
        "pinned_day": coast.start_date.isoformat(), "venue_fr": "Maison de la culture", "capacity": "40",
        "latitude": "35.50472", "longitude": "11.06222",
    })
    assert response.status_code == 302
    mahdia = coast.stops.get(order=5)
    assert (mahdia.pinned_day, mahdia.venue_fr, mahdia.capacity) == (coast.start_date, "Maison de la culture", 40)
    late = as_organiser.post("/caravane/organiser/cote-2030/etapes/5/", {
        "pinned_day": "2099-01-01", "latitude": "35.5", "longitude": "11.0"})
    assert late.status_code == 400 and "Le jour doit être dans l" in late.content.decode()


def test_organisers_export_the_attendees_of_a_stop(as_organiser, coast):
    stop = coast.stops.get(order=1)
    stop.date, stop.capacity = coast.start_date, 1
    stop.save()
    services.register(stop, name="Amel Ben Salah", organisation="Association Sfax Ville", sector=Sector.CIVIL_SOCIETY,
                      email="amel@example.tn", consent=True)
    services.register(stop, name="Karim", email="karim@example.tn", sector=Sector.PRIVATE)
    response = as_organiser.get("/caravane/organiser/cote-2030/etapes/1/inscrits.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [(r["name"], r["status"], r["consent"]) for r in rows] == [
        ("Amel Ben Salah", "confirmed", "yes"), ("Karim", "waitlisted", "no")]
    assert rows[0]["organisation"] == "Association Sfax Ville" and rows[0]["sector"] == "civil_society"
    assert Registration.objects.count() == 2
    assert AuditEntry.objects.filter(action="caravan.attendees_exported", municipality=stop.municipality).count() == 1


def test_a_name_typed_as_a_formula_reaches_the_attendees_file_as_text(as_organiser, coast):
    stop = coast.stops.get(order=1)
    stop.date = coast.start_date
    stop.save()
    services.register(stop, name='=HYPERLINK("http://evil.example","Amel")', email="x@example.tn",
                      sector=Sector.PRIVATE)
    response = as_organiser.get("/caravane/organiser/cote-2030/etapes/1/inscrits.csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0]["name"] == "'=HYPERLINK(\"http://evil.example\",\"Amel\")"


def test_an_edition_cannot_take_the_organisers_address(db):
    Edition.objects.create(slug="organiser-2", name_fr="x", start_date="2030-01-01", end_date="2030-01-01")
    assert services.new_edition_slug("Organiser") == "organiser-3"
    assert future_edition(slug="x").slug == "x"
