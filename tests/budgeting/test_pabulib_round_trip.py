"""The Pabulib file of a counted budget says how it was counted: `madina pb tally FILE --rule from-file`
gives the results page's outcome, whatever the budget's rule (issue 13)."""

import json

import pytest
from django.urls import reverse

from madina.budgeting import services
from madina.budgeting.models import Budget, CountRule
from madina.cli import main as madina

from .conftest import CENSUS, close_vote, eligible, ids
from .test_services import A, B, C, D

pytestmark = pytest.mark.django_db

CHOICES = [(A, B), (A, D), (C,), (A, B, D), (B, D)]  # MES alone buys two projects, MES + add1 three


def counted_with(rule, budget, people, capture):
    Budget.objects.filter(pk=budget.pk).update(rule=rule)
    budget.refresh_from_db()
    users = [people["citizen"], people["other_citizen"], people["organiser"]]
    for user, cin, choice in zip(users, CENSUS, CHOICES, strict=False):
        services.cast_ballot(budget, eligible(budget, user, cin), ids(budget, *choice))
    staff = people["municipal_staff"]
    code = services.generate_codes(budget, staff, 1)[0]
    services.enter_paper_ballot(budget, staff, ids(budget, *CHOICES[3]), code=code)
    services.enter_paper_ballot(budget, staff, ids(budget, *CHOICES[4]), identifier=CENSUS[4])
    budget = close_vote(budget)
    with capture(execute=True):
        services.request_count(budget, staff)
    budget.refresh_from_db()
    return budget


def tally(path, *options):
    return ["pb", "tally", str(path), "--json", *options]


@pytest.mark.parametrize("rule", list(CountRule))
def test_the_downloaded_file_recounts_to_the_page_with_rule_from_file(rule, client, budget, people, tmp_path,
                                                                      capsys, django_capture_on_commit_callbacks):
    counted = counted_with(rule, budget, people, django_capture_on_commit_callbacks)
    path = tmp_path / "results.pb"
    path.write_bytes(client.get(reverse("budgeting:results_pabulib", kwargs={"pk": counted.pk})).content)
    text = path.read_text(encoding="utf-8")
    assert "tie_break;lowest-cost\n" in text
    capsys.readouterr()
    assert madina(tally(path, "--rule", "from-file")) == 0
    recount = json.loads(capsys.readouterr().out)
    assert recount["selected"] == counted.outcome["selected"]
    assert recount["matches_published"] is True
    assert madina(["pb", "verify", str(path)]) == 0
    assert capsys.readouterr().out.startswith("MATCH")
    if rule == CountRule.MES_ADD1:  # what issue 13 saw: plain MES is another rule, with another outcome
        assert madina(tally(path, "--rule", "mes")) == 0
        assert len(json.loads(capsys.readouterr().out)["selected"]) < len(counted.outcome["selected"])
