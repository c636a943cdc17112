"""In a real browser, French and Arabic: an organiser creates a small edition, ticks five municipalities, plans the
tour (the task runs at once), reads the plan day by day on a map and a table, publishes; a local actor reads the
programme and registers for a stop. No serious accessibility violation on the way."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from madina.caravan.models import Edition, Registration
from madina.territory.models import Municipality
from tests.conftest import assert_accessible, set_language

from .conftest import future_edition, load_territory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIVE = ["Sfax", "Sakiet Eddaier", "Sakiet Ezzit", "El Ain", "Agareb"]


@pytest.fixture
def loaded(transactional_db):
    load_territory()


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_an_organiser_plans_and_publishes_an_edition(page, live_server, loaded, language, direction):
    from madina.accounts.models import Role

    log_in(page, live_server, make_user("organisation@madina.tn", Role.ORGANISER))
    set_language(page, live_server, language)
    start = timezone.localdate() + dt.timedelta(days=40)
    page.goto(f"{live_server.url}/caravane/organiser/nouvelle/")
    assert page.locator("html").get_attribute("dir") == direction
    page.fill("#id_name_fr", "Caravane de Sfax")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + dt.timedelta(days=2)).isoformat())
    assert page.input_value("#id_day_start") == "08:00"
    assert_accessible(page)
    page.locator("form.account-form button[type=submit]").click()

    page.wait_for_url("**/municipalites/")
    page.select_option("#gouvernorat", "sfax")
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_url("**gouvernorat=sfax**")
    page.wait_for_function("() => document.querySelectorAll('.picker-map-wrap .leaflet-overlay-pane path').length > 5")
    for municipality in Municipality.objects.filter(governorate__slug="sfax", name_fr__in=FIVE):
        page.check(f"#m-{municipality.pk}")
    assert page.locator("input[name=municipality]:checked").count() == 5
    # With JavaScript the ticked municipalities are highlighted on the map.
    assert page.locator(".picker-map-wrap path[fill='#f0b429']").count() >= 5
    assert_accessible(page)
    page.locator("form.picker-form button[type=submit]").click()
    edition = Edition.objects.get(name_fr="Caravane de Sfax")
    assert edition.stops.count() == 5

    page.goto(f"{live_server.url}/caravane/organiser/{edition.slug}/")
    assert page.locator("#etapes + .scroll-x table tbody tr").count() == 5
    page.locator("button[name=direction][value=down]").first.click()  # reorder by hand, without JS needed
    page.wait_for_url(f"**/caravane/organiser/{edition.slug}/**")
    assert_accessible(page)
    page.locator("button[name=kind][value=plan]").click()

    page.wait_for_url("**/calculs/*/")
    assert page.locator("table.agenda:not(.team-legend) caption").count() == 3  # one per day, beside the teams
    assert page.locator("tr.event-session").count() == 5
    page.wait_for_function("() => document.querySelectorAll('.map .stop-marker').length === 5")
    assert_accessible(page)
    page.locator("button[name=publish][value='1']").click()
    page.wait_for_url(f"**/caravane/{edition.slug}/")
    assert page.locator("table.stops-table tbody th[scope=row]").count() == 5
    assert page.locator("table.stops-table time").count() == 10
    edition.refresh_from_db()
    assert edition.is_published and all(s.starts_at for s in edition.stops.all())


@pytest.fixture
def programme(transactional_db):
    edition = future_edition(published=True, days=3)
    for k, stop in enumerate(edition.stops.order_by("order")):
        stop.date = edition.start_date + dt.timedelta(days=k // 2)
        stop.starts_at, stop.ends_at = dt.time(9, 0), dt.time(12, 0)
        stop.venue_fr, stop.venue_ar = "Maison de la culture", "دار الثقافة"
        stop.capacity = 1
        stop.save()
    return edition


@pytest.mark.parametrize(("language", "venue", "first"), [("fr", "Maison de la culture", "Sfax"),
                                                          ("ar", "دار الثقافة", "صفاقس")])
def test_a_local_actor_reads_the_programme_and_registers(page, live_server, programme, language, venue, first):
    set_language(page, live_server, language)
    page.goto(f"{live_server.url}/caravane/cote-2030/")
    page.wait_for_function("() => document.querySelectorAll('.map .stop-marker').length === 5")
    assert page.locator("table.stops-table tbody th[scope=row]").first.inner_text() == first
    assert page.locator("table.stops-table tbody td", has_text=venue).count() == 5
    assert_accessible(page)
    page.locator("table.stops-table tbody th[scope=row] a").first.click()
    page.wait_for_url("**/etapes/1/")
    page.fill("#id_name", "Amel Ben Salah")
    page.fill("#id_organisation", "Association Sfax Ville")
    page.select_option("#id_sector", "civil_society")
    page.fill("#id_email", "amel@example.tn")
    page.check("#id_consent")
    assert_accessible(page)
    page.locator("#inscription button[type=submit]").click()
    page.wait_for_selector(".message-success")
    assert Registration.objects.get().status == "confirmed"
    # The stop is now full: the next person is told before registering, and lands on the waiting list.
    assert page.locator("#inscription strong").count() == 1
    page.fill("#id_name", "Karim")
    page.select_option("#id_sector", "private")
    page.fill("#id_email", "karim@example.tn")
    page.locator("#inscription button[type=submit]").click()
    page.wait_for_selector(".message-warning")
    assert Registration.objects.get(email="karim@example.tn").status == "waitlisted"
    assert_accessible(page)
    page.goto(f"{live_server.url}/caravane/cote-2030/programme/imprimer/")
    assert page.locator("table.print-table").count() == 3
    assert_accessible(page)
