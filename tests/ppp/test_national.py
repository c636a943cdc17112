"""The national PPP body's view: pipeline by stage and governorate, capital at stake, what waits for review, age in
stage, and its exports."""

import csv
import io

from openpyxl import load_workbook

from madina.ppp import services
from madina.ppp.models import Readiness
from madina.projects.models import Project

from .conftest import FILLED, walk


def test_the_pipeline_counts_by_stage_and_lists_what_waits(ppp, client):
    staff, reviewer = ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"]
    screening = walk(ppp["screening"], staff, reviewer, Readiness.STRUCTURED)
    services.submit(screening, staff)
    client.force_login(reviewer)
    response = client.get("/ppp/national/")
    page = response.content.decode()
    pipeline = response.context["pipeline"]
    assert pipeline["count"] == 1 and pipeline["cost"] == FILLED["capital_cost_tnd"]
    assert pipeline["rows"] == [("Gabès", [0, 0, 1, 0, 0, 0], 1)]
    assert [s.pk for s in pipeline["waiting"]] == [screening.pk]
    assert "prêt pour la consultation du marché" in page and "Réutilisation des eaux usées traitées" in page


def test_the_exports_hold_one_row_per_screened_project(ppp, client):
    client.force_login(ppp["people"]["organiser"])
    csv = b"".join(client.get("/ppp/national/export.csv").streaming_content).decode("utf-8-sig").splitlines()
    assert len(csv) == 2 and "Réutilisation des eaux usées traitées" in csv[1]
    book = load_workbook(io.BytesIO(client.get("/ppp/national/export.xlsx").content))
    rows = list(book.active.values)
    assert rows[1][0] == "Réutilisation des eaux usées traitées" and rows[1][4] == "idée"


def test_a_title_typed_as_a_formula_stays_text_in_both_exports(ppp, client):
    formula = '=HYPERLINK("http://evil.example","Cliquez")'
    Project.objects.filter(pk=ppp["screening"].project_id).update(title_fr=formula)
    client.force_login(ppp["people"]["organiser"])
    lines = b"".join(client.get("/ppp/national/export.csv").streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(lines)))[1][0] == "'" + formula
    title = load_workbook(io.BytesIO(client.get("/ppp/national/export.xlsx").content)).active["A2"]
    assert (title.value, title.data_type) == (formula, "s")


def test_the_filters_narrow_the_page_and_the_exports_alike(ppp, client):
    staff, reviewer = ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"]
    screening = walk(ppp["screening"], staff, reviewer, Readiness.STRUCTURED)
    client.force_login(reviewer)
    for query, listed in (("stage=structured", 1), ("stage=idea", 0), ("governorate=gabes", 1),
                          ("governorate=sfax", 0), ("sector=WAT", 1), ("sector=MOB", 0),
                          ("contract_form=ppp_contract", 1), ("contract_form=lease", 0), ("waiting=on", 0)):
        assert len(client.get(f"/ppp/national/?{query}").context["screenings"]) == listed, query
        csv = b"".join(client.get(f"/ppp/national/export.csv?{query}").streaming_content)
        assert len(csv.decode("utf-8-sig").splitlines()) == 1 + listed, query
        rows = list(load_workbook(io.BytesIO(client.get(f"/ppp/national/export.xlsx?{query}").content)).active.values)
        assert len(rows) == 1 + listed, query
    services.submit(screening, staff)
    page = client.get("/ppp/national/?waiting=on&governorate=gabes")
    assert [s.pk for s in page.context["screenings"]] == [screening.pk]
    assert 'href="/ppp/national/export.csv?governorate=gabes&amp;waiting=1"' in page.content.decode()


def test_a_wrong_filter_is_said_not_a_failure(ppp, client):
    client.force_login(ppp["people"]["reviewer"])
    response = client.get("/ppp/national/?stage=nonsense&governorate=atlantis&sector=WAT")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Un filtre n&#x27;est pas valable" in page or "Un filtre n'est pas valable" in page
    assert len(response.context["screenings"]) == 1  # the valid sector filter still applies
    refused = client.get("/ppp/national/export.csv?stage=nonsense")
    assert refused.status_code == 400 and "Stade" in refused.content.decode()
    assert client.get("/ppp/national/export.xlsx?governorate=%00").status_code == 400
    client.force_login(ppp["people"]["gabes_municipal"])
    assert client.get("/ppp/national/?stage=idea").status_code == 403
