"""The PPP catalogue's e-mails: a company's interest reaches the project's municipal staff and the national
reviewers, their answer the company, a market-sounding round every interested company, a review's decision the
staff member who submitted; each in its reader's language, links on the site's address (checked for every e-mail
by tests/conftest.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from madina.accounts.models import Role, RoleAssignment
from madina.ppp import interests, services
from madina.ppp.models import Event, Readiness

from .conftest import FILLED, person, walk

SITE = "https://madina.example.tn"


@pytest.fixture
def immediate(ppp, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MADINA_SITE_URL = SITE
    ppp["capture"] = django_capture_on_commit_callbacks
    return ppp


@pytest.fixture
def notices(immediate, django_capture_on_commit_callbacks):
    ppp = immediate
    people = ppp["people"]
    for who, language in (("company", "en"), ("other_company", "ar"), ("reviewer", "ar")):
        people[who].language = language
        people[who].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        walk(ppp["screening"], people["gabes_municipal"], people["reviewer"], Readiness.MARKET_SOUNDING)
    mail.outbox.clear()
    return ppp


def _sent():
    return {message.to[0]: message for message in mail.outbox}


def test_an_interest_reaches_the_municipal_staff_and_the_reviewers(notices):
    people = notices["people"]
    person("deuxieme@gabes.tn", Role.MUNICIPAL_STAFF, municipality=notices["gabes"])
    RoleAssignment.objects.create(user=people["reviewer"], role=Role.MUNICIPAL_STAFF, municipality=notices["gabes"])
    with notices["capture"](execute=True):
        interest = interests.express_interest(notices["screening"], people["company"], "Nous exploitons 3 stations.")
    sent = _sent()
    assert sorted(sent) == ["deuxieme@gabes.tn", "mairie@gabes.tn", "revue@ppp.tn"]  # Sfax's staff: not theirs
    assert len(mail.outbox) == 3  # the reviewer who is also staff gets it once
    assert sent["mairie@gabes.tn"].subject == "[Madina] Eaux du Sud SA s'intéresse au projet « Réutilisation des eaux usées traitées »"
    assert "Nous exploitons 3 stations." in sent["mairie@gabes.tn"].body
    assert f"{SITE}/ppp/interets/{interest.pk}/" in sent["mairie@gabes.tn"].body
    assert "إعادة استعمال المياه المعالجة" in sent["revue@ppp.tn"].subject  # in Arabic, the project's Arabic title
    assert sent["revue@ppp.tn"].extra_headers["Content-Language"] == "ar"


def test_an_answer_reaches_the_company_in_its_language(notices, client):
    people = notices["people"]
    with notices["capture"](execute=True):
        interest = interests.express_interest(notices["screening"], people["company"], "Intéressés.")
    mail.outbox.clear()
    client.force_login(people["gabes_municipal"])
    with notices["capture"](execute=True):
        client.post(f"/ppp/interets/{interest.pk}/repondre/", {"answer": "Rendez-vous le 12 avril à la mairie."})
    [message] = mail.outbox
    assert message.to == ["contact@acwa.example"] and message.extra_headers["Content-Language"] == "en"
    assert "Rendez-vous le 12 avril à la mairie." in message.body
    assert f"{SITE}/ppp/interets/{interest.pk}/" in message.body


def test_a_round_reaches_every_interested_company_with_its_deadline_and_questions(notices):
    people = notices["people"]
    with notices["capture"](execute=True):
        interests.express_interest(notices["screening"], people["company"], "Intéressés.")
        interests.express_interest(notices["screening"], people["other_company"], "Intéressés aussi.")
    mail.outbox.clear()
    deadline = timezone.make_aware(dt.datetime(2031, 5, 20, 17, 0))
    with notices["capture"](execute=True):
        sounding = interests.open_round(notices["screening"], people["gabes_municipal"], title="Tour 1",
                                        deadline=deadline, questions=["Durée réaliste ?", "Tarif plafond ?"])
    sent = _sent()
    assert sorted(sent) == ["contact@acwa.example", "contact@veolia.example"]
    english, arabic = sent["contact@acwa.example"], sent["contact@veolia.example"]
    assert "20 May 2031" in english.body and "1. Durée réaliste ?" in english.body
    assert "2. Tarif plafond ?" in arabic.body and "مايو" in arabic.body
    assert f"{SITE}/ppp/consultations/{sounding.pk}/" in english.body


@pytest.mark.parametrize("decision", [Event.VALIDATED, Event.CHANGES, Event.REJECTED])
def test_a_decision_reaches_the_staff_member_who_submitted(immediate, decision):
    notices = immediate
    people = notices["people"]
    submitter = person("etudes@gabes.tn", Role.MUNICIPAL_STAFF, municipality=notices["gabes"])
    submitter.language = "en"
    submitter.save(update_fields=["language"])
    services.save_screening(notices["screening"], people["gabes_municipal"], **FILLED)
    services.submit(notices["screening"], submitter)
    with notices["capture"](execute=True):
        services.review(notices["screening"], people["reviewer"], decision,
                        "" if decision == Event.VALIDATED else "Actualisez l'étude de demande.")
    [message] = mail.outbox
    assert message.to == ["etudes@gabes.tn"]
    assert f"{SITE}/ppp/examen/{notices['project'].pk}/" in message.body
    if decision == Event.VALIDATED:
        assert "pre-feasibility" in message.body and "Actualisez" not in message.body
    else:
        assert "Actualisez l'étude de demande." in message.body
