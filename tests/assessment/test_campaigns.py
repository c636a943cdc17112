"""A readiness campaign from opening to validation: who may do each step, what is kept, what is public."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from madina.assessment import services
from madina.assessment.models import Assessment, State
from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.models import AuditEntry

from .conftest import levels, open_campaign

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def weak_in_finances(code):
    return 1 if code == "finances" else 4


def test_an_edition_invites_its_stops_and_a_list_adds_more(world):
    campaign = open_campaign(world, municipalities=[world["thyna"]])
    assert sorted(campaign.assessments.values_list("municipality__slug", flat=True)) == ["gabes", "sfax", "thyna"]
    assert AuditEntry.objects.filter(action="assessment.campaign_opened").count() == 1


@pytest.mark.parametrize(("fields", "field"), [
    ({"floor": Decimal(4), "threshold": Decimal(3)}, "floor"),
    ({"threshold": Decimal(6)}, "threshold"),
    ({"edition": None}, "municipalities"),
])
def test_a_campaign_with_an_impossible_rule_or_nobody_is_refused(world, fields, field):
    with pytest.raises(Invalid) as refusal:
        open_campaign(world, **fields)
    assert field in refusal.value.errors


def test_only_organisers_open_a_campaign(world):
    with pytest.raises(NotAllowed):
        services.open_campaign(world["gabes_staff"], slug="x", title_fr="x", questionnaire=world["questionnaire"],
                               closes_on=dt.date(2030, 1, 1), municipalities=[world["gabes"]])


def test_from_draft_to_validation(world, campaign):
    gabes = campaign.assessments.get(municipality=world["gabes"])
    staff, organiser = world["gabes_staff"], world["organiser"]
    with pytest.raises(NotAllowed):
        services.save_answers(gabes, world["sfax_staff"], {"strategie": 3})
    services.save_answers(gabes, staff, {"strategie": 3}, {"strategie": "Adoptée en 2019"})
    with pytest.raises(Invalid) as refusal:
        services.submit(gabes, staff)
    assert refusal.value.field == "pilotage"
    services.save_answers(gabes, staff, levels(world["questionnaire"], weak_in_finances))
    gabes = services.submit(gabes, staff)
    assert (gabes.state, gabes.verdict, gabes.overall) == (State.SUBMITTED, "not_yet", Decimal("3.57"))
    assert gabes.scores["finances"] == "1.00"
    with pytest.raises(Conflict):
        services.save_answers(gabes, staff, {"strategie": 5})
    with pytest.raises(NotAllowed):
        services.validate(gabes, staff)
    with pytest.raises(Invalid):
        services.request_changes(gabes, organiser, "  ")
    services.request_changes(gabes, organiser, "Joignez le budget d'investissement.")
    services.save_answers(gabes, staff, levels(world["questionnaire"], lambda code: 2 if code == "finances" else 4))
    services.submit(gabes, staff)
    gabes = services.validate(gabes, organiser, "Merci.")
    assert (gabes.state, gabes.verdict) == (State.VALIDATED, "eligible")
    assert list(AuditEntry.objects.filter(municipality=world["gabes"]).values_list("action", flat=True)) == [
        "assessment.validated", "assessment.submitted", "assessment.changes_requested", "assessment.submitted"]


def _validated(world, campaign, place="gabes", level_of=weak_in_finances):
    assessment = campaign.assessments.get(municipality=world[place])
    services.save_answers(assessment, world[f"{place}_staff"], levels(world["questionnaire"], level_of))
    services.submit(assessment, world[f"{place}_staff"])
    return services.validate(assessment, world["organiser"])


def test_the_result_is_public_once_validated(world, campaign, client):
    url = "/evaluation/maturite-2030/gabes/"
    assert client.get(url).status_code == 404
    _validated(world, campaign)
    page = client.get(url).content.decode()
    assert "<svg" in page and "verdict-not_yet" in page
    assert "Porter « Capacité financière et PPP » de 1,0 à au moins 1,5." in page
    assert "Réponses" not in page, "answers and evidence stay with the municipality and the reviewers"
    assert "Dimensions les plus faibles" in client.get("/territoire/municipalites/gabes/").content.decode()
    assert "Capacité financière et PPP (1,0)" in client.get("/caravane/sud-2030/etapes/1/").content.decode()
    client.force_login(world["organiser"])
    assert "Réponses" in client.get(url).content.decode()


def test_the_comparison_shows_the_public_only_what_is_validated(world, campaign, client):
    _validated(world, campaign)
    page = client.get("/evaluation/maturite-2030/").content.decode()
    assert "Gabès" in page and "Thyna" not in page
    rows = client.get("/evaluation/maturite-2030/resultats.csv")
    text = b"".join(rows.streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 2 and "gabes" in text
    sheet = load_workbook(io.BytesIO(client.get("/evaluation/maturite-2030/resultats.xlsx").content)).active
    assert sheet.max_row == 2
    points = client.get("/evaluation/maturite-2030/carte.geojson").json()["features"]
    assert [p["properties"]["name"] for p in points] == ["Gabès"]
    client.force_login(world["organiser"])
    assert "Thyna" not in client.get("/evaluation/maturite-2030/").content.decode()
    assert "Sfax" in client.get("/evaluation/maturite-2030/").content.decode()


def test_the_questionnaire_page_keeps_a_draft_and_refuses_bad_input_without_a_500(world, campaign, client):
    client.force_login(world["gabes_staff"])
    url = "/evaluation/maturite-2030/gabes/remplir/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"q-strategie": "9", "draft": ""}).status_code == 400
    assert client.post(url, {"q-strategie": "2", "n-strategie": "x" * 2001}).status_code == 400
    assert client.post(url, {"q-strategie": "2", "n-strategie": "Un début", "draft": ""}).status_code == 302
    assessment = Assessment.objects.get(campaign=campaign, municipality=world["gabes"])
    assert (assessment.state, assessment.answers, assessment.notes) == (
        State.DRAFT, {"strategie": 2}, {"strategie": "Un début"})
    answer = {f"q-{code}": str(level) for code, level in levels(world["questionnaire"]).items()}
    assert client.post(url, {**answer, "submit": ""}).status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).state == State.SUBMITTED
    client.force_login(world["sfax_staff"])
    assert client.get(url).status_code == 404


def test_evidence_is_checked_and_private(world, campaign, client):
    assessment = campaign.assessments.get(municipality=world["gabes"])
    staff = world["gabes_staff"]
    with pytest.raises(Invalid):
        services.add_evidence(assessment, staff, "strategie", SimpleUploadedFile("strategie.pdf", b"<html>"))
    with pytest.raises(Invalid):
        services.add_evidence(assessment, staff, "inconnue", SimpleUploadedFile("s.pdf", PDF))
    item = services.add_evidence(assessment, staff, "strategie", SimpleUploadedFile("strategie.pdf", PDF))
    assert client.get(item.file.url).status_code == 404
    client.force_login(world["organiser"])
    assert client.get(item.file.url).status_code == 200
    client.force_login(staff)
    response = client.post("/evaluation/maturite-2030/gabes/justificatifs/",
                           {"question": "pilotage", "upload": SimpleUploadedFile("a.pdf", b"nope")})
    assert response.status_code == 302 and assessment.evidence.count() == 1


def test_reviewers_act_from_the_page(world, campaign, client):
    assessment = campaign.assessments.get(municipality=world["sfax"])
    services.save_answers(assessment, world["sfax_staff"], levels(world["questionnaire"]))
    services.submit(assessment, world["sfax_staff"])
    url = "/evaluation/maturite-2030/sfax/revue/"
    client.force_login(world["sfax_staff"])
    client.post(url, {"action": "validate", "body": ""})
    assert Assessment.objects.get(pk=assessment.pk).state == State.SUBMITTED
    client.post(url, {"action": "comment", "body": "Le plan est joint."})
    client.force_login(world["organiser"])
    client.post(url, {"action": "validate", "body": "Bien."})
    assert Assessment.objects.get(pk=assessment.pk).state == State.VALIDATED
    assert list(assessment.reviews.values_list("step", flat=True)) == ["submitted", "comment", "validated"]
    page = client.get(assessment.get_absolute_url()).content.decode()
    organiser = world["organiser"].display_name
    assert f'href="{reverse("participation:person", args=[organiser])}"' in page and world["organiser"].email not in page


def test_the_api_gives_results_and_takes_drafts(world, campaign, client):
    _validated(world, campaign)
    detail = client.get("/api/v1/readiness/campaigns/maturite-2030").json()
    assert [r["municipality"] for r in detail["results"]] == ["gabes"]
    assert detail["results"][0]["changes"] == [{"dimension": "finances", "value": 1.0, "target": 1.5}]
    assert client.get("/api/v1/readiness/campaigns/maturite-2030/results/sfax").status_code == 404
    client.force_login(world["sfax_staff"])
    url = "/api/v1/readiness/campaigns/maturite-2030/results/sfax/answers"
    response = client.put(url, {"answers": {"strategie": 7}}, content_type="application/json")
    assert response.status_code == 422 and "strategie" in response.json()["errors"]
    response = client.put(url, {"answers": {"strategie": 4}}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "draft"
    assert client.get(url).json()["answers"] == {"strategie": 4}
    response = client.post("/api/v1/readiness/campaigns/maturite-2030/results/sfax/submit")
    assert response.status_code == 422
