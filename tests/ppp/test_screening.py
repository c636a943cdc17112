"""The municipality fills the screening in, the checklist says what is missing, the national body decides with
reasons, and every step is kept in the history and the audit log."""

import datetime as dt

import pytest
from django.utils import timezone

from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.models import AuditEntry
from madina.ppp import checklist, interests, services
from madina.ppp.models import Event, Readiness, Review, SoundingAnswer, SoundingRound

from .conftest import FILLED, walk


def test_the_checklist_names_what_is_missing_for_the_next_stage(ppp):
    screening = ppp["screening"]
    assert screening.stage == Readiness.IDEA
    missing = checklist.missing(screening)
    assert "Faire l'étude de préfaisabilité." in missing and len(missing) == 4
    services.save_screening(screening, ppp["people"]["gabes_municipal"], contract_form="concession",
                            payer="users", capital_cost_tnd=1, study_prefeasibility=True)
    assert checklist.missing(screening) == []
    structured = checklist.missing(screening, Readiness.STRUCTURED)
    assert "Estimer les recettes annuelles payées par les usagers." in structured
    assert "Estimer le paiement de disponibilité annuel." not in structured  # users pay: no availability payment


def test_an_incomplete_screening_cannot_be_submitted(ppp):
    with pytest.raises(Invalid, match="préfaisabilité"):
        services.submit(ppp["screening"], ppp["people"]["gabes_municipal"])
    assert not ppp["screening"].history.exists()


def test_validation_moves_the_stage_and_keeps_the_history(ppp):
    staff, reviewer = ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"]
    screening = ppp["screening"]
    services.save_screening(screening, staff, **FILLED)
    services.submit(screening, staff)
    screening.refresh_from_db()
    assert (screening.review, screening.requested_stage) == (Review.SUBMITTED, Readiness.PREFEASIBILITY)
    with pytest.raises(Conflict):
        services.save_screening(screening, staff, duration_years=25)  # frozen while reviewed
    services.review(screening, reviewer, Event.VALIDATED)
    screening.refresh_from_db()
    assert (screening.stage, screening.review, screening.requested_stage) == (
        Readiness.PREFEASIBILITY, Review.VALIDATED, "")
    kinds = [(e.kind, e.to_stage) for e in screening.history.order_by("made_at", "pk")]
    assert kinds == [(Event.SUBMITTED, Readiness.PREFEASIBILITY), (Event.VALIDATED, Readiness.PREFEASIBILITY)]
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "ppp.submitted", "ppp.reviewed"]


@pytest.mark.parametrize("decision", [Event.CHANGES, Event.REJECTED])
def test_changes_and_refusals_need_reasons_and_leave_the_stage(ppp, decision):
    staff, reviewer = ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"]
    screening = walk(ppp["screening"], staff, reviewer, Readiness.PREFEASIBILITY)
    services.submit(screening, staff)
    with pytest.raises(Invalid) as refused:
        services.review(screening, reviewer, decision, "<p>&nbsp;</p>")
    assert refused.value.field == "reasons"
    services.review(screening, reviewer, decision, "L'étude de faisabilité date de 2012.")
    screening.refresh_from_db()
    assert screening.stage == Readiness.PREFEASIBILITY
    assert screening.review == {Event.CHANGES: Review.CHANGES, Event.REJECTED: Review.REJECTED}[decision]
    assert screening.history.first().reasons == "L'étude de faisabilité date de 2012."
    services.save_screening(screening, staff, duration_years=25)  # the municipality takes its file back


def test_municipal_staff_never_review_their_own_project(ppp):
    staff = ppp["people"]["gabes_municipal"]
    screening = ppp["screening"]
    services.save_screening(screening, staff, **FILLED)
    services.submit(screening, staff)
    with pytest.raises(NotAllowed):
        services.review(screening, staff, Event.VALIDATED)
    with pytest.raises(NotAllowed):
        services.save_screening(screening, ppp["people"]["sfax_municipal"], duration_years=3)


def test_a_bad_value_is_refused_on_its_field(ppp):
    with pytest.raises(Invalid) as refused:
        services.save_screening(ppp["screening"], ppp["people"]["gabes_municipal"], duration_years=150)
    assert "duration_years" in refused.value.errors


def test_tender_needs_a_closed_market_sounding_with_answers(ppp):
    staff, reviewer, company = (ppp["people"][k] for k in ("gabes_municipal", "reviewer", "company"))
    screening = walk(ppp["screening"], staff, reviewer, Readiness.MARKET_SOUNDING)
    assert checklist.missing(screening) == ["Mener une consultation du marché close avec au moins une réponse."]
    sounding = interests.open_round(screening, staff, title="Consultation 1", questions=["Durée ?"],
                                    deadline=timezone.now() + dt.timedelta(days=10))
    interests.express_interest(screening, company, "Intéressés.")
    interests.answer_round(sounding, company, ["20 ans"])
    SoundingRound.objects.filter(pk=sounding.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert SoundingAnswer.objects.count() == 1
    assert checklist.missing(screening) == []
    walk(screening, staff, reviewer, Readiness.TENDER)
    assert screening.stage == Readiness.TENDER


def test_screening_page_shows_the_checklist_and_saves_the_form(ppp, client):
    client.force_login(ppp["people"]["gabes_municipal"])
    url = f"/ppp/examen/{ppp['project'].pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Faire l&#x27;étude de préfaisabilité." in page.content.decode()
    form = {name: value for name, value in FILLED.items() if value is not False}
    form = {k: ("on" if v is True else v) for k, v in form.items()}
    assert client.post(url, {**form, "duration_years": "150"}).status_code == 200
    assert client.post(url, form).status_code == 302
    assert client.post(f"{url}soumettre/").status_code == 302
    client.force_login(ppp["people"]["reviewer"])
    assert client.post(f"{url}revue/", {"decision": "validated"}).status_code == 302
    ppp["screening"].refresh_from_db()
    assert ppp["screening"].stage == Readiness.PREFEASIBILITY


def test_the_project_page_starts_a_screening(ppp, client):
    from madina.ppp.models import Screening

    Screening.objects.all().delete()
    client.force_login(ppp["people"]["gabes_municipal"])
    assert client.post(f"/ppp/examen/{ppp['project'].pk}/demarrer/").status_code == 302
    assert Screening.objects.filter(project=ppp["project"]).exists()
