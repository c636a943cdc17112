"""In Chromium at 390 px, in French and Arabic: an organiser gives an edition a second tour and a third team through
the pages (an overlapping tour and a team without a tour refused on their fields first), plans it (one plan per
tour, each team's route in its colour on the map, named in the legend), publishes both tours' programmes, and
the public page lists the two tours. No serious accessibility violation, no sideways scroll."""

import datetime as dt

import pytest

from madina.caravan import services
from madina.caravan.models import PlanRun, Team, Tour
from madina.core.permissions import OPERATOR
from tests.conftest import assert_accessible, set_language

from .conftest import future_edition, make_user
from .test_browser_planning import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
D = dt.timedelta


@pytest.fixture
def two_weeks(transactional_db):
    """The coast edition over two weeks, its first tour (made as every edition's) on the first four days."""
    edition = future_edition(days=14)
    tour = services.tours.ensure_tour(edition)
    services.save_tour(tour, OPERATOR, name_fr="Sud", name_ar="الجنوب", end_date=edition.start_date + D(days=3))
    for stop in edition.stops.exclude(name_fr="Mahdia"):  # the Sfax coast and El Jem in the first tour
        services.pin_stop(stop, OPERATOR, tour=tour, team=None)
    return edition


def fits(page):
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_two_tours_three_teams_planned_and_published_in_the_browser(page, live_server, two_weeks, language,
                                                                     direction):
    from madina.accounts.models import Role

    edition, start = two_weeks, two_weeks.start_date
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, make_user("organisation@madina.tn", Role.ORGANISER))
    set_language(page, live_server, language)
    base = f"{live_server.url}/caravane/organiser/{edition.slug}/"

    page.goto(base)
    assert page.locator("html").get_attribute("dir") == direction
    fits(page)
    page.locator(f"a[href='/caravane/organiser/{edition.slug}/tournees/nouvelle/']").click()
    page.wait_for_url("**/tournees/nouvelle/")
    page.fill("#id_name_fr", "Nord")
    page.fill("#id_name_ar", "الشمال")
    page.fill("#id_start_date", (start + D(days=2)).isoformat())  # overlaps the first tour
    page.fill("#id_end_date", (start + D(days=5)).isoformat())
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_selector(".message-error")
    assert Tour.objects.filter(edition=edition).count() == 1
    fits(page)
    page.fill("#id_start_date", (start + D(days=10)).isoformat())
    page.fill("#id_end_date", (start + D(days=13)).isoformat())
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(f"**/caravane/organiser/{edition.slug}/**")
    assert Tour.objects.filter(edition=edition).count() == 2

    page.goto(base + "equipes/nouvelle/")
    page.fill("#id_name_fr", "Côte")
    page.locator("form.account-form button[type=submit]").click()  # no tour chosen
    page.wait_for_selector(".message-error")
    assert Team.objects.filter(tour__edition=edition).count() == 2
    page.select_option("#id_tour", str(Tour.objects.get(edition=edition, name_fr="Sud").pk))
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(f"**/caravane/organiser/{edition.slug}/**")
    assert Team.objects.filter(tour__edition=edition).count() == 3

    page.goto(base)
    assert page.locator(".team-list li").count() == 3
    page.locator("button[name=kind][value=plan]").click()
    page.wait_for_url("**/calculs/*/")
    runs = list(PlanRun.objects.filter(edition=edition).order_by("pk"))
    assert len(runs) == 2 and all(run.status == "done" and run.result["feasible"] for run in runs)
    assert page.locator("table.team-legend tbody tr").count() == 2  # the southern tour's two teams, by name
    colour = {f"team-{team.pk}": team.colour for team in Team.objects.filter(tour__edition=edition)}
    lines = sorted(colour[team["team"]] for team in runs[0].result["teams"] if len(team["order"]) > 1)
    assert lines and sum(len(team["order"]) for team in runs[0].result["teams"]) == 4
    page.wait_for_function(f"() => document.querySelectorAll('.map .leaflet-overlay-pane path').length === {len(lines)}")
    colours = page.eval_on_selector_all(".map .leaflet-overlay-pane path", "ps => ps.map(p => p.getAttribute('stroke'))")
    assert sorted(colours) == lines  # one line per team of two stops or more, in the team's colour
    fits(page)
    for run in runs:
        page.goto(f"{base}calculs/{run.pk}/")
        page.locator("button[name=publish][value='1']").click()
        page.wait_for_url(f"**/caravane/{edition.slug}/")
    assert page.locator("section.tour").count() == 2
    assert page.locator("section.tour table.stops-table tbody th[scope=row]").count() == 5
    fits(page)
    assert set(Tour.objects.filter(edition=edition).values_list("published_run", flat=True)) == {r.pk for r in runs}
