"""The ballot stays secret in every export (Pabulib file, results page, API), and the API works as the pages do."""

import json
import re

import pytest
from django.urls import reverse

from madina.budgeting import services
from madina.budgeting.models import Ballot, Budget, Voter
from madina.core.models import AuditEntry
from madina.pb import pabulib
from madina.pb.rules import from_file

from .conftest import BORN, CENSUS, close_vote, eligible, ids
from .test_services import A, B, C, D

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def counted(budget, people, django_capture_on_commit_callbacks):
    """Five ballots: three online, two on paper (a code, a census id); then closed and counted."""
    choices = [(A, B), (A, D), (C,), (A, B, D), (B, D)]
    users = [people["citizen"], people["other_citizen"], people["organiser"]]
    for user, cin, choice in zip(users, CENSUS, choices, strict=False):
        services.cast_ballot(budget, eligible(budget, user, cin), ids(budget, *choice))
    staff = people["municipal_staff"]
    code = services.generate_codes(budget, staff, 1)[0]
    services.enter_paper_ballot(budget, staff, ids(budget, *choices[3]), code=code)
    services.enter_paper_ballot(budget, staff, ids(budget, *choices[4]), identifier=CENSUS[4])
    budget = close_vote(budget)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_count(budget, staff)
    budget.refresh_from_db()
    return budget


def secrets_of(budget):
    """Everything that could tie a ballot to a person or to a moment."""
    values = set()
    for ballot in Ballot.objects.filter(budget=budget):
        values |= {str(ballot.pk), ballot.pk.hex, ballot.link, ballot.created_at.isoformat()[:16],
                   ballot.created_at.strftime("%Y-%m-%d")}
    for voter in Voter.objects.filter(budget=budget):
        values.add(voter.key)
    from madina.accounts.models import User

    values |= set(User.objects.values_list("email", flat=True))
    return values


def test_pabulib_download_is_anonymous_and_recounts_to_the_same_result(client, counted):
    response = client.get(reverse("budgeting:results_pabulib", kwargs={"pk": counted.pk}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    for secret in secrets_of(counted):
        assert secret not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no dates at all
    election = pabulib.parse(text)
    assert sorted(int(b.voter_id) for b in election.ballots) == [1, 2, 3, 4, 5]
    assert election.meta["rule"] == "equalshares/add1" and election.meta["budget"] == "100000"
    assert {p.id: p.fields["votes"] for p in election.projects} == {
        str(p.pk): str(p.vote_count) for p in counted.projects.all()
    }
    recount = from_file(election, tie_break="lowest-cost")
    assert recount.selected == counted.outcome["selected"]
    assert {p.id for p in election.projects if p.selected} == set(counted.outcome["selected"])


def test_the_count_is_audited_when_asked_and_when_published(counted, people):
    asked, published = (AuditEntry.objects.get(action=action) for action in
                        ("budgeting.count_requested", "budgeting.count_published"))
    assert (asked.actor, asked.municipality_id, asked.details) == (
        people["municipal_staff"], counted.process.municipality_id, {"ballots": counted.ballot_count})
    assert published.municipality_id == counted.process.municipality_id and published.at >= asked.at


def test_voter_numbers_are_shuffled_between_downloads(client, counted):
    orders = set()
    for _ in range(12):
        election = pabulib.parse(client.get(reverse("budgeting:results_pabulib", kwargs={"pk": counted.pk}))
                                 .content.decode())
        orders.add(tuple(b.projects for b in election.ballots))
    assert len(orders) > 1  # 5 ballots, 12 downloads: all in the same order has probability < 1e-20


def test_results_page_and_api_hold_no_secret(client, counted):
    page = client.get(reverse("budgeting:results", kwargs={"pk": counted.pk})).content.decode()
    api = client.get(f"{API}/budgets/{counted.pk}/results").content.decode()
    budget_api = client.get(f"{API}/budgets/{counted.pk}").content.decode()
    for secret in secrets_of(counted):
        assert secret not in page and secret not in api and secret not in budget_api


def test_api_reads_budget_and_hides_votes_until_the_count(client, budget, people):
    services.cast_ballot(budget, eligible(budget, people["citizen"], CENSUS[0]), ids(budget, A))
    data = client.get(f"{API}/budgets/{budget.pk}").json()
    assert data["amount_tnd"] == 100_000 and data["ballot_count"] == 1 and data["vote_open"] is True
    assert [p["cost_tnd"] for p in data["projects"]] == [40_000, 30_000, 50_000, 20_000]
    assert all(p["vote_count"] is None for p in data["projects"])
    assert client.get(f"{API}/budgets/{budget.pk}/results").status_code == 404
    assert client.get(f"{API}/budgets/999/results").status_code == 404
    assert [b["id"] for b in client.get(f"{API}/budgets").json()] == [budget.pk]


def test_api_results_after_the_count(client, counted):
    data = client.get(f"{API}/budgets/{counted.pk}/results").json()
    assert data["selected"] == [int(p) for p in counted.outcome["selected"]]
    assert data["ballot_count"] == 5 and data["rounds"]
    assert data["pabulib_url"] == reverse("budgeting:results_pabulib", kwargs={"pk": counted.pk})
    projects = client.get(f"{API}/budgets/{counted.pk}").json()["projects"]
    assert sorted(p["vote_count"] for p in projects) == [1, 3, 3, 3]  # A, B, D three times, C once


def put_ballot(client, budget, projects):
    return client.put(f"{API}/budgets/{budget.pk}/ballot", json.dumps({"projects": projects}),
                      content_type="application/json")


def test_api_cast_change_and_read_my_ballot(client, budget, people):
    client.force_login(people["citizen"])
    assert put_ballot(client, budget, ids(budget, A)).status_code == 403  # not yet on the census list
    response = client.post(f"{API}/budgets/{budget.pk}/eligibility", {"identifier": CENSUS[0], "birth_date": BORN},
                           content_type="application/json")
    assert response.status_code == 204
    response = put_ballot(client, budget, ids(budget, A, B))
    assert response.status_code == 200
    assert response.json() == {"projects": sorted(ids(budget, A, B)), "total_tnd": 70_000, "ballot_count": 1}
    assert put_ballot(client, budget, ids(budget, D)).json()["ballot_count"] == 1
    assert client.get(f"{API}/budgets/{budget.pk}/ballot").json()["projects"] == ids(budget, D)


def test_api_invalid_ballot_is_422_and_stores_nothing(client, budget, people):
    eligible(budget, people["citizen"], CENSUS[0])
    client.force_login(people["citizen"])
    response = put_ballot(client, budget, ids(budget, A, B, C))
    assert response.status_code == 422 and "plus que le budget" in response.json()["detail"]
    assert "plus que le budget" in response.json()["errors"]["projects"][0]
    assert Ballot.objects.count() == 0 and Budget.objects.get(pk=budget.pk).ballot_count == 0
    assert client.get(f"{API}/budgets/{budget.pk}/ballot").status_code == 404


def test_api_an_identifier_already_claimed_is_a_409_conflict(client, budget, people):
    eligible(budget, people["citizen"], CENSUS[0])
    client.force_login(people["other_citizen"])
    response = client.post(f"{API}/budgets/{budget.pk}/eligibility", {"identifier": CENSUS[0], "birth_date": BORN},
                           content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"] == "Cet identifiant est déjà utilisé par un autre compte. Adressez-vous à la municipalité."
    assert set(response.json()) == {"detail", "errors"}


def test_api_needs_a_session(client, budget):
    assert put_ballot(client, budget, ids(budget, A)).status_code == 401


def test_api_is_in_the_openapi_schema(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"/api/v1/budgets", "/api/v1/budgets/{pk}", "/api/v1/budgets/{pk}/results",
            "/api/v1/budgets/{pk}/ballot", "/api/v1/budgets/{pk}/eligibility"} <= set(paths)
    assert {"get", "put"} <= set(paths["/api/v1/budgets/{pk}/ballot"])


def test_guessing_identifiers_stops_after_a_few_tries_and_wrong_guesses_count(client, budget, people, settings):
    settings.BUDGETING_ELIGIBILITY_RATE = (3, 60)
    client.force_login(people["citizen"])
    url = f"{API}/budgets/{budget.pk}/eligibility"
    statuses = [client.post(url, {"identifier": f"0900000{i}", "birth_date": BORN}, content_type="application/json").status_code
                for i in range(3)]
    right = client.post(url, {"identifier": CENSUS[0], "birth_date": BORN}, content_type="application/json")
    assert statuses == [422, 422, 422] and right.status_code == 429
    assert not budget.census.filter(user=people["citizen"]).exists()


def test_guesses_from_one_address_are_limited_whatever_the_account(client, budget, people, settings):
    settings.BUDGETING_ELIGIBILITY_ADDRESS_RATE = (2, 60)
    url = f"{API}/budgets/{budget.pk}/eligibility"
    for name in ("citizen", "other_citizen"):
        client.force_login(people[name])
        client.post(url, {"identifier": "09999999", "birth_date": BORN}, content_type="application/json", REMOTE_ADDR="192.0.2.4")
    response = client.post(url, {"identifier": CENSUS[1], "birth_date": BORN}, content_type="application/json", REMOTE_ADDR="192.0.2.4")
    assert response.status_code == 429
    other_place = client.post(url, {"identifier": CENSUS[1], "birth_date": BORN}, content_type="application/json", REMOTE_ADDR="192.0.2.5")
    assert other_place.status_code == 204
