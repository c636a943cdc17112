# ruff: noqa: F811  (fixtures imported from other apps are used as arguments)
"""A person downloads everything Madina holds about them, and deletes their account: personal data erased,
contributions kept under "deleted account", ballots secret and counted, counts exact."""

import json

import pytest

from madina.accounts.models import User
from madina.budgeting import services as budgeting
from madina.budgeting.models import Budget, CensusEntry
from madina.caravan import services as caravan
from madina.caravan.models import Registration, Sector
from madina.core.models import AuditEntry
from madina.participation import services as participation
from madina.participation.models import Notification, Process, Proposal
from tests.budgeting.conftest import BORN, CENSUS, ids, make_budget, vote_phase_process
from tests.caravan.conftest import future_edition
from tests.participation.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    _fast_hashing_and_immediate_tasks,
    gabes,
    people,
    process,
    proposal,
    sector,
    sfax,
)


@pytest.fixture
def active_citizen(people, proposal, gabes):
    """Amel wrote a proposal and a comment, follows her proposal and its process, voted, and registered for a
    caravan stop with her address."""
    amel = people["citizen"]
    participation.comment(proposal, amel, "<p>Et des arbres.</p>")
    budget = make_budget(vote_phase_process(gabes, slug="budget-amel"), people["municipal_staff"])
    budgeting.claim_census_entry(budget, amel, CENSUS[0], BORN)
    budgeting.cast_ballot(budget, amel, ids(budget, "Jardins partagés de l'oasis"))
    edition = future_edition(published=True)
    stop = edition.stops.get(order=1)
    stop.date = edition.start_date
    stop.save()
    caravan.register(stop, name="Amel Ben Salah", email=amel.email, sector=Sector.CIVIL_SOCIETY)
    return amel, budget


def test_the_download_holds_what_madina_keeps_and_is_audited(client, active_citizen):
    amel, budget = active_citizen
    client.force_login(amel)
    response = client.get("/comptes/mes-donnees.json")
    assert response["Content-Disposition"].startswith("attachment") and "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert set(data) == {"account", "participation", "projects", "budgeting", "caravan", "ppp"}
    assert data["account"]["email"] == amel.email and data["account"]["public_name"] == amel.display_name
    assert [p["title"] for p in data["participation"]["proposals"]] == ["Un abri pour l'arrêt de bus"]
    assert data["participation"]["comments"][0]["body"] == "<p>Et des arbres.</p>"
    assert data["budgeting"] == {"census_confirmed": [budget.pk], "ballots": [
        {"budget": budget.pk, "projects": ids(budget, "Jardins partagés de l'oasis"), "channel": "online"}]}
    assert data["caravan"][0]["name"] == "Amel Ben Salah"
    assert AuditEntry.objects.filter(action="accounts.data_exported", actor=amel).count() == 1


def test_deleting_an_account_erases_the_person_and_keeps_the_contributions(client, active_citizen, proposal):
    amel, budget = active_citizen
    email, name = amel.email, amel.display_name
    followers_before = Proposal.objects.get(pk=proposal.pk).follower_count
    client.force_login(amel)
    assert "Supprimer mon compte" in client.get("/comptes/supprimer/").content.decode()
    wrong = client.post("/comptes/supprimer/", {"password": "pas-le-bon"})
    assert wrong.status_code == 400 and User.objects.get(pk=amel.pk).erased_at is None

    response = client.post("/comptes/supprimer/", {"password": PASSWORD}, follow=True)
    assert "Votre compte est supprimé" in response.content.decode()
    assert "_auth_user_id" not in client.session
    erased = User.objects.get(pk=amel.pk)
    assert erased.erased_at and not erased.is_active and not erased.has_usable_password()
    assert email not in erased.email and erased.display_name == "" and str(erased) == "compte supprimé"
    assert not client.login(email=email, password=PASSWORD)

    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "compte supprimé" in page and name not in page and email not in page
    assert not AuditEntry.objects.filter(actor_name__contains=name).exists()  # the log names accounts, not copies
    kept = Proposal.objects.get(pk=proposal.pk)
    assert kept.author_id == amel.pk and kept.follower_count == followers_before - 1
    assert Process.objects.get(pk=proposal.process_id).follower_count == 0
    assert not Notification.objects.filter(recipient=amel).exists()
    assert not CensusEntry.objects.filter(user=amel).exists()
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1  # the ballot stays counted
    registration = Registration.objects.get()
    assert registration.name == "" and email not in registration.email and registration.stop.registration_count == 1


def test_the_privacy_page_says_what_is_kept_in_three_languages(client, settings):
    for language, title in (("fr", "Vos données personnelles"), ("ar", "معطياتك الشخصية"),
                            ("en", "Your personal data")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get("/confidentialite/").content.decode()
        assert f"<h1>{title}</h1>" in page and "2004-63" in page and f'lang="{language}"' in page
