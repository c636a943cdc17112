# ruff: noqa: F811  (fixtures imported from other apps are used as arguments)
"""The audit log: written by the services that do sensitive acts, never changed, and read by staff for their own
territory only."""

import pytest
from django.core import mail

from madina.accounts import services as account_services
from madina.accounts.models import Role
from madina.budgeting import services
from madina.core import audit
from madina.core.errors import Invalid
from madina.core.models import AuditEntry
from madina.core.permissions import OPERATOR
from tests.budgeting.conftest import BORN, CENSUS, make_budget, vote_phase_process
from tests.participation.conftest import (  # noqa: F401  (fixtures)
    _fast_hashing_and_immediate_tasks,
    gabes,
    make_user,
    people,
    sfax,
)


@pytest.fixture
def budget(gabes, people):
    return make_budget(vote_phase_process(gabes), people["municipal_staff"])


def test_entries_cannot_be_changed_or_deleted(db):
    entry = audit.record("budgeting.codes_issued", OPERATOR, target="budget 1", count=3)
    assert entry.actor_name == "operator" and entry.details == {"count": 3}
    for change in (lambda: entry.save(), entry.delete, lambda: AuditEntry.objects.update(target="x"),
                   lambda: AuditEntry.objects.all().delete()):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(ValueError):
        audit.record("budgeting.something_new", OPERATOR)


def test_sensitive_acts_of_a_budget_are_recorded_with_who_and_where(budget, people):
    staff = people["municipal_staff"]
    services.generate_codes(budget, staff, 5)
    services.enter_paper_ballot(budget, staff, [budget.projects.first().pk], identifier=CENSUS[2])
    acts = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_id", "municipality_id"))
    assert [a for a, _, _ in acts] == ["budgeting.census_uploaded", "budgeting.codes_issued", "budgeting.paper_ballot"]
    assert {(who, place) for _, who, place in acts} == {(staff.pk, budget.process.municipality_id)}
    assert AuditEntry.objects.get(action="budgeting.codes_issued").details == {"batch": 1, "count": 5}
    assert CENSUS[2] not in str(list(AuditEntry.objects.values_list("details", flat=True)))


def test_role_grants_are_recorded(people, gabes):
    newcomer = make_user("nouvelle@gabes.tn")
    account_services.grant_role(newcomer, Role.MUNICIPAL_STAFF, municipality=gabes, by=people["organiser"])
    account_services.revoke_role(newcomer, Role.MUNICIPAL_STAFF, municipality=gabes, by=people["organiser"])
    assert list(AuditEntry.objects.values_list("action", "governorate_id").order_by("pk")) == [
        ("accounts.role_granted", gabes.governorate_id), ("accounts.role_revoked", gabes.governorate_id)]


def test_a_burst_of_refused_checks_tells_the_municipality_once(budget, people, settings, django_capture_on_commit_callbacks):
    settings.BUDGETING_ELIGIBILITY_BURST, settings.BUDGETING_ELIGIBILITY_RATE = (2, 10), (100, 60)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            with pytest.raises(Invalid):
                services.claim_census_entry(budget, people["citizen"], f"0777777{n}", BORN)
    alerts = [m for m in mail.outbox if "essais répétés" in m.subject]
    assert len(alerts) == 1 and alerts[0].to == [people["municipal_staff"].email]
    assert "/budget/" in alerts[0].body and "http" in alerts[0].body
    assert AuditEntry.objects.filter(action="budgeting.eligibility_burst").count() == 1
    assert AuditEntry.objects.filter(action="budgeting.eligibility_refused").count() == 5


@pytest.mark.parametrize(("who", "sees_gabes"), [
    ("organiser", True), ("governorate_staff", True), ("municipal_staff", True), ("foreign_staff", False)])
def test_staff_read_the_entries_of_their_own_territory(client, budget, people, who, sees_gabes):
    services.generate_codes(budget, people["municipal_staff"], 2)
    client.force_login(people[who])
    page = client.get("/comptes/journal/", {"action": "budgeting.codes_issued"}).content.decode()
    assert ("codes de vote émis" in page.split("<tbody>")[1]) is sees_gabes
    if sees_gabes:
        assert str(people["municipal_staff"]) in page  # the actor, by public name


def test_citizens_have_no_audit_log(client, people):
    client.force_login(people["citizen"])
    assert client.get("/comptes/journal/").status_code == 403
