"""The budget pages as a person uses them: plain forms, errors on the page, staff tools, query counts pinned."""

import re
from html import unescape

import pytest
from django.urls import reverse

from madina.budgeting import services
from madina.budgeting.models import Ballot, Budget, VotingCode

from .conftest import CENSUS, PROJECTS, close_vote, eligible, ids
from .test_services import A, B, C, D

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def url(name, budget):
    return reverse(f"budgeting:{name}", kwargs={"pk": budget.pk})


def test_anonymous_visitor_sees_projects_costs_and_is_asked_to_sign_in(client, budget):
    response = client.get(budget.get_absolute_url())
    html = text(response)
    assert response.status_code == 200
    for title, _cost in PROJECTS:
        assert title in html
    assert "40\xa0000 TND" in html  # thousands grouped the French way
    assert "Connectez-vous pour voter" in html
    assert 'name="projects"' in html and "disabled" in html


def test_a_resident_confirms_the_census_votes_and_changes_the_ballot(client, budget, people):
    client.force_login(people["citizen"])
    page = text(client.get(budget.get_absolute_url()))
    assert "Confirmer que vous habitez la commune" in page
    assert 'autocomplete="bday"' in page
    response = client.post(url("claim", budget), {"identifier": "08 123 456", "fact": "1985-06-01"}, follow=True)
    assert "vous pouvez voter" in text(response)
    response = client.post(url("vote", budget), {"projects": ids(budget, A, B)}, follow=True)
    assert "Votre vote est enregistré" in text(response)
    response = client.post(url("vote", budget), {"projects": ids(budget, C, D)}, follow=True)
    html = text(response)
    assert "Votre bulletin a été modifié" in html and "Changer mon bulletin" in html
    checked = re.findall(r'value="(\d+)" id="project-\d+" data-cost="\d+" checked', html)
    assert sorted(map(int, checked)) == sorted(ids(budget, C, D))
    assert Ballot.objects.count() == 1 and Budget.objects.get(pk=budget.pk).ballot_count == 1


def test_an_invalid_ballot_is_shown_again_with_its_error_and_not_stored(client, budget, people):
    eligible(budget, people["citizen"], CENSUS[0])
    client.force_login(people["citizen"])
    response = client.post(url("vote", budget), {"projects": ids(budget, A, C, B)})
    html = text(response)
    assert response.status_code == 400
    assert 'role="alert"' in html and "plus que le budget" in html and "n'a pas été enregistré" in html
    assert html.count(" checked") == 3  # the voter's choice is kept on the page to correct it
    assert Ballot.objects.count() == 0


def test_vote_needs_sign_in(client, budget):
    response = client.post(url("vote", budget), {"projects": ids(budget, A)})
    assert response.status_code == 302 and "login" in response["Location"]
    assert Ballot.objects.count() == 0


def test_staff_tools_are_for_the_municipality_only(client, budget, people):
    client.force_login(people["citizen"])
    assert client.get(url("manage", budget)).status_code == 403
    assert client.post(url("codes", budget), {"how_many": 3}).status_code == 403
    client.force_login(people["foreign_staff"])
    assert client.get(url("manage", budget)).status_code == 403


def test_staff_upload_census_print_codes_once_and_enter_paper_ballots(client, budget, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["municipal_staff"])
    response = client.post(url("census_upload", budget),
                           {"file": SimpleUploadedFile("liste.csv", b"cin;naissance\n07000001;1990-01-01\n07000002;02/01/1990\n")}, follow=True)
    assert "2 habitants ajoutés" in text(response)
    response = client.post(url("census_upload", budget),
                           {"file": SimpleUploadedFile("liste.csv", b"cin\nfaux;1990-01-01\n")}, follow=True)
    assert "Ligne 2" in text(response)
    response = client.post(url("codes", budget), {"how_many": 4})
    codes = re.findall(r'class="voting-code">([A-Z0-9-]+)<', text(response))
    assert len(codes) == 4 and response["Cache-Control"] == "no-store"
    assert VotingCode.objects.filter(budget=budget).count() == 4
    assert codes[0] not in text(client.get(url("manage", budget)))
    response = client.post(url("paper_ballot", budget), {"code": codes[0], "projects": ids(budget, B)}, follow=True)
    assert "Bulletin papier enregistré" in text(response)
    response = client.post(url("paper_ballot", budget), {"code": codes[0], "projects": ids(budget, B)}, follow=True)
    assert "déjà servi" in text(response)
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1


def test_count_from_the_manage_page_then_results_in_plain_words(client, budget, people,
                                                               django_capture_on_commit_callbacks):
    for user, cin, choice in [(people["citizen"], CENSUS[0], (A, B)), (people["other_citizen"], CENSUS[1], (A, D))]:
        services.cast_ballot(budget, eligible(budget, user, cin), ids(budget, *choice))
    assert client.get(url("results", budget)).status_code == 200  # "not yet" page
    assert client.get(url("results_pabulib", budget)).status_code == 404
    budget = close_vote(budget)
    client.force_login(people["municipal_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("request_count", budget))
    assert response["Location"] == url("results", budget)
    html = text(client.get(response["Location"]))
    assert "Comment les projets ont été choisis" in html
    assert "Tour 1 :" in html and "Abris ombragés aux arrêts de bus" in html
    assert "Projets non retenus, et pourquoi" in html
    assert "Capteurs de qualité de l'eau" in html and "n'a reçu aucun vote" in html
    assert url("results_pabulib", budget) in html


def test_results_page_query_count_does_not_grow_with_ballots(client, budget, people, django_assert_num_queries,
                                                              django_capture_on_commit_callbacks):
    staff = people["municipal_staff"]
    for cin in CENSUS:
        services.enter_paper_ballot(budget, staff, ids(budget, A), identifier=cin)
    budget = close_vote(budget)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_count(budget, staff)
    with django_assert_num_queries(3):  # a visitor: the budget with its process, its phases, its projects
        assert client.get(url("results", budget)).status_code == 200


def test_ballot_page_query_count_is_pinned(client, budget, people, django_assert_num_queries):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    services.cast_ballot(budget, citizen, ids(budget, A))
    client.force_login(citizen)
    client.get(budget.get_absolute_url())
    # budget, phases, projects, session, user, census entry (once), ballot, roles, unread notifications
    with django_assert_num_queries(9):
        client.get(budget.get_absolute_url())


def test_api_budget_list_query_count_does_not_grow_with_budgets(client, budget, people, gabes,
                                                                django_assert_num_queries):
    from .conftest import make_budget, vote_phase_process

    make_budget(vote_phase_process(gabes, slug="second-budget"), people["municipal_staff"])
    with django_assert_num_queries(3):  # budgets with process and municipality, their phases, their projects
        data = client.get("/api/v1/budgets").json()
    assert [len(b["projects"]) for b in data] == [len(PROJECTS), len(PROJECTS)]


def test_api_404_answers_use_the_one_error_schema(client, budget):
    assert client.get("/api/v1/budgets/999").json() == {"detail": "Introuvable.", "errors": {}}
    assert client.get("/api/v1/budgets/999/results").json() == {"detail": "Introuvable.", "errors": {}}
    pending = "Les résultats de ce budget ne sont pas encore publiés."
    assert client.get(f"/api/v1/budgets/{budget.pk}/results").json() == {
        "detail": pending, "errors": {"__all__": [pending]}}


def test_budget_list_and_the_way_in_from_a_process(client, budget, django_assert_num_queries):
    with django_assert_num_queries(1):  # the budgets with their process and municipality
        html = text(client.get(reverse("budgeting:budget_list")))
    assert budget.title in html
    response = client.get(reverse("budgeting:process_budget", kwargs={"slug": budget.process.slug}))
    assert response.status_code == 302 and response["Location"] == budget.get_absolute_url()
