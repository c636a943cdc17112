"""The vote part of the citizen journey in a real browser, in French and in Arabic: confirm the census, watch
the running total, vote, change the ballot, then read the results; no serious accessibility violation."""

import pytest

from madina.budgeting import counting
from madina.budgeting.models import Ballot
from tests.conftest import assert_accessible, set_language

from .conftest import BORN, CENSUS, PASSWORD, close_vote, ids, make_budget, make_user, vote_phase_process
from .test_services import A, B, C, D

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_vote_change_and_read_the_result(page, live_server, gabes, language, direction):
    staff = make_user("mairie@gabes.tn", "municipal_staff", municipality=gabes)
    budget = make_budget(vote_phase_process(gabes), staff)
    citizen = make_user("amel@example.tn")
    set_language(page, live_server, language)

    page.goto(f"{live_server.url}/comptes/login/?next={budget.get_absolute_url()}")
    page.fill("input[name=login]", citizen.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{budget.get_absolute_url()}")
    assert page.locator("html").get_attribute("dir") == direction
    assert_accessible(page)

    page.fill("input[name=identifier]", CENSUS[0])
    page.fill("input[name=fact]", BORN)
    page.locator("form.claim-form button[type=submit]").click()
    page.wait_for_selector("form.ballot-form button[type=submit]")

    a, b, c, d = ids(budget, A, B, C, D)
    page.check(f"#project-{a}")
    page.check(f"#project-{c}")
    page.check(f"#project-{b}")  # 120 000 TND: the total turns red before anything is sent
    assert page.locator(".ballot-total").get_attribute("data-over") == "true"
    total = page.locator("output[data-total]").inner_text()
    assert "".join(ch for ch in total if ch.isdigit()) == "120000"  # grouped the reader's way
    page.locator("form.ballot-form button[type=submit]").click()
    page.wait_for_selector("#ballot-error")
    assert Ballot.objects.count() == 0
    assert_accessible(page)

    page.uncheck(f"#project-{c}")
    assert page.locator(".ballot-total").get_attribute("data-over") == "false"
    page.locator("form.ballot-form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    assert sorted(Ballot.objects.get().choices) == sorted([a, b])

    page.uncheck(f"#project-{b}")
    page.check(f"#project-{d}")
    page.locator("form.ballot-form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    assert page.locator(f"#project-{d}").is_checked() and not page.locator(f"#project-{b}").is_checked()
    assert sorted(Ballot.objects.get().choices) == sorted([a, d])
    assert_accessible(page)

    budget = close_vote(budget)
    counting.count(budget.pk)
    page.goto(f"{live_server.url}{budget.get_absolute_url()}")
    page.locator(f"a[href='/budget/{budget.pk}/resultats/']").first.click()
    page.wait_for_selector("h1#results-title")
    assert page.locator(".selected-project").count() == 2
    assert page.locator(".results-steps li").count() == 2
    assert page.locator(".not-chosen").count() == 2
    assert_accessible(page)
