"""The national PPP body's view: pipeline by stage and governorate, capital at stake, what waits for review, age in
stage, and its exports."""

import io

from openpyxl import load_workbook

from madina.ppp import services
from madina.ppp.models import Readiness

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
