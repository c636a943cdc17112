"""The public programme once planned: day, time and venue on the page, the printable page, CSV and iCalendar
files (parsed back), and the registration form of a stop."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from madina.caravan.demo import load_2020_edition
from madina.caravan.models import Registration

from .conftest import future_edition

TUNIS = ZoneInfo("Africa/Tunis")


@pytest.fixture
def planned(db):
    """A published edition whose stops have days, times and venues (as a published plan writes them)."""
    edition = future_edition(published=True)
    for k, stop in enumerate(edition.stops.order_by("order")):
        stop.date = edition.start_date + dt.timedelta(days=k // 2)
        stop.starts_at, stop.ends_at = dt.time(9 + 4 * (k % 2), 0), dt.time(12 + 4 * (k % 2), 0)
        stop.venue_fr, stop.venue_ar = f"Maison de la culture de {stop.name_fr}", "دار الثقافة"
        stop.capacity = 1
        stop.save()
    return edition


def test_the_programme_gives_time_and_venue(client, planned, django_assert_num_queries):
    with django_assert_num_queries(2):
        html = client.get("/caravane/cote-2030/").content.decode()
    assert "Maison de la culture de Sfax" in html
    assert f'<time datetime="{planned.start_date:%Y-%m-%d}T09:00">09:00</time>' in html
    assert 'href="/caravane/cote-2030/programme.csv"' in html and 'href="/caravane/cote-2030/programme.ics"' in html
    assert 'href="/caravane/cote-2030/programme/imprimer/"' in html


def test_the_printable_programme(client, planned, django_assert_num_queries):
    with django_assert_num_queries(2):
        html = client.get("/caravane/cote-2030/programme/imprimer/").content.decode()
    assert html.count('<table class="print-table">') == 3
    assert "Maison de la culture de Mahdia" in html and "commande Imprimer" in html


def test_the_csv_programme_reads_back(client, planned, settings):
    response = client.get("/caravane/cote-2030/programme.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r["name_fr"] for r in rows] == ["Sfax", "Sakiet Ezzit", "Sakiet Eddaier", "El Jem", "Mahdia"]
    assert rows[0]["date"] == planned.start_date.isoformat() and rows[0]["starts_at"] == "09:00"
    assert rows[1]["ends_at"] == "16:00" and rows[4]["name_ar"] == "المهدية"
    assert rows[0]["url"] == settings.MADINA_SITE_URL + "/caravane/cote-2030/etapes/1/"  # not the request's host
    assert rows[0]["date_is_estimated"] == "no"


def test_the_icalendar_files_read_back(client, planned, settings):
    response = client.get("/caravane/cote-2030/programme.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 5
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Tunis"]
    first = events[0]
    start = first.decoded("DTSTART")
    assert start == dt.datetime.combine(planned.start_date, dt.time(9, 0), tzinfo=TUNIS)
    assert first["DTSTART"].params["TZID"] == "Africa/Tunis"
    assert first.decoded("DTEND") - start == dt.timedelta(hours=3)
    assert str(first["LOCATION"]) == "Maison de la culture de Sfax, Sfax, Sfax"
    assert (first["GEO"].latitude, first["GEO"].longitude) == (34.74056, 10.76028)
    assert len({str(e["UID"]) for e in events}) == 5 and str(first["UID"]).startswith("caravane-cote-2030-etape-")
    assert all(str(e["UID"]).endswith("@" + settings.MADINA_SITE_DOMAIN) for e in events)  # not example.com
    assert str(first["URL"]).startswith(settings.MADINA_SITE_URL + "/caravane/cote-2030/etapes/")
    one = icalendar.Calendar.from_ical(client.get("/caravane/cote-2030/etapes/5/etape.ics").content)
    assert [str(e["SUMMARY"]) for e in one.walk("VEVENT")] == ["Caravane de la côte – Mahdia"]
    assert str(one.walk("VEVENT")[0]["UID"]) == str(events[4]["UID"])


def test_an_estimated_day_is_a_whole_day_event(client, db):
    load_2020_edition()
    calendar = icalendar.Calendar.from_ical(client.get("/caravane/2020/programme.ics").content)
    events = calendar.walk("VEVENT")
    assert len(events) == 20
    assert events[0].decoded("DTSTART") == dt.date(2020, 3, 9)
    assert "Jour estimé" in str(events[0]["DESCRIPTION"])
    assert client.get("/caravane/2020/etapes/1/").content.decode().count("Les inscriptions à cette étape sont closes")


def test_registering_then_waitlisted_then_duplicate(client, planned, django_capture_on_commit_callbacks):
    page = client.get("/caravane/cote-2030/etapes/1/").content.decode()
    assert 'id="inscription"' in page and "Il reste 1 place." in page
    form = {"name": "Amel", "organisation": "ASM", "sector": "civil_society", "email": "amel@example.tn",
            "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/caravane/cote-2030/etapes/1/inscription/", form, follow=True)
    assert "Votre inscription est confirmée" in response.content.decode()
    assert mail.outbox[0].to == ["amel@example.tn"]
    response = client.post("/caravane/cote-2030/etapes/1/inscription/", {**form, "email": "k@example.tn"}, follow=True)
    assert "vous êtes sur la liste d&#x27;attente" in response.content.decode()
    again = client.post("/caravane/cote-2030/etapes/1/inscription/", {**form, "name": "Amel B."})
    html = again.content.decode()
    assert again.status_code == 400 and "Cette adresse est déjà inscrite à cette étape." in html
    assert 'value="Amel B."' in html and 'value="ASM"' in html  # nothing typed is lost
    assert Registration.objects.count() == 2


def test_a_form_with_errors_names_them(client, planned):
    response = client.post("/caravane/cote-2030/etapes/1/inscription/", {"name": "", "email": "pas-une-adresse"})
    html = response.content.decode()
    assert response.status_code == 400 and html.count('class="errorlist') >= 3
    assert not Registration.objects.exists()


def test_the_cancel_link_frees_the_place(client, planned, django_capture_on_commit_callbacks):
    stop = planned.stops.get(order=1)
    from madina.caravan import services

    first = services.register(stop, name="A", email="a@example.tn", sector="media")
    services.register(stop, name="B", email="b@example.tn", sector="media")
    page = client.get(f"/caravane/inscriptions/{first.token}/").content.decode()
    assert "Annuler mon inscription" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/caravane/inscriptions/{first.token}/")
    assert Registration.objects.get(email="b@example.tn").status == "confirmed"
    assert mail.outbox[-1].to == ["b@example.tn"]
    assert "Annuler mon inscription" not in client.get(f"/caravane/inscriptions/{first.token}/").content.decode()


def test_the_api_gives_each_stops_time_and_venue(client, planned):
    stops = client.get("/api/v1/editions/cote-2030").json()["stops"]
    assert (stops[0]["starts_at"], stops[0]["ends_at"], stops[0]["venue"]) == (
        "09:00:00", "12:00:00", "Maison de la culture de Sfax")
