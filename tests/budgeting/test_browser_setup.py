"""Municipal staff set up a process and its budget in a real browser, in French and in Arabic: a proposals
phase, a budget-vote phase, then a budget with two catalogue projects; no serious accessibility violation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from madina.budgeting.models import Budget
from madina.participation.models import Process
from madina.projects.models import Intervention, Origin, Project
from tests.conftest import assert_accessible, set_language

from .conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def local(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_staff_create_a_process_its_phases_and_a_budget(page, live_server, gabes, sector, language, direction):
    staff = make_user("mairie@gabes.tn", "municipal_staff", municipality=gabes)
    projects = [
        Project.objects.create(title=title, municipality=gabes, sector=sector, intervention=Intervention.CITY_WIDE,
                               origin=Origin.MUNICIPAL_PLAN, estimated_cost_tnd=Decimal(cost))
        for title, cost in (("Piste cyclable de la corniche", "45000"), ("Ombrières du marché", "30000"))
    ]
    set_language(page, live_server, language)
    sign_in(page, live_server, staff)

    page.goto(f"{live_server.url}/participer/")
    page.locator("a[href='/participer/nouvelle-concertation/']").click()
    assert page.locator("html").get_attribute("dir") == direction
    page.select_option("select[name=municipality]", str(gabes.pk))
    page.fill("input[name=title_fr]", "Gabès respire")
    page.fill("input[name=title_ar]", "قابس تتنفّس")
    page.fill("textarea[name=description_fr]", "<p>Proposez, puis votez.</p>")
    assert_accessible(page)
    page.locator("form.process-form button[type=submit]").click()
    page.wait_for_selector("form.phase-form")
    process = Process.objects.get()
    assert process.municipality == gabes and process.created_by == staff

    for kind, start, end in (("proposals", -1, 10), ("budget_vote", 10, 20)):
        page.select_option("select[name=kind]", kind)
        page.fill("input[name=starts_at]", local(start))
        page.fill("input[name=ends_at]", local(end))
        page.locator("form.phase-form button[type=submit]").click()
        page.wait_for_selector(".message-success")
    assert list(process.phases.values_list("kind", flat=True)) == ["proposals", "budget_vote"]
    assert_accessible(page)

    page.locator(f"a[href='/budget/concertation/{process.slug}/preparer/']").click()
    page.fill("input[name=title_fr]", "Budget participatif de Gabès")
    page.fill("input[name=amount_tnd]", "100000")
    page.fill("input[name=max_projects]", "2")
    assert_accessible(page)
    page.locator("form.budget-form button[type=submit]").click()
    page.wait_for_selector("form.catalogue-form")
    budget = Budget.objects.get()
    assert (budget.process, budget.amount_tnd, budget.max_projects) == (process, 100_000, 2)

    for project in projects:
        page.select_option("select[name=project]", str(project.pk))
        page.locator("form.catalogue-form button[type=submit]").click()
        page.wait_for_selector(".message-success")
    assert sorted(budget.projects.values_list("cost_tnd", flat=True)) == [30_000, 45_000]
    assert page.locator(".budget-project-list li").count() == 2
    assert_accessible(page)
