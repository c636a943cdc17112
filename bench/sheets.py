"""A ZIP of 50 project sheets (the PPP catalogue's roadshow download) must be made in 30 s or less on the 2-core
machine (issue 17): `.venv/bin/python bench/sheets.py [count] [language]`.

In a throw-away test database (djangobench), loads the demo (territory, perimeters, the 2020 caravan's projects),
screens `count` projects up to "ready for market sounding", then times `ppp.sheets.sheets_zip` over them and one
sheet alone, in the given language (fr by default; ar for right to left). The first sheet of a process loads the
fonts; it is made before the clock starts, as a running server has done it long before. The ZIP is timed twice: first
with no sheet stored (every sheet laid out), then again as a second roadshow download that reuses the
stored sheets.
"""

from __future__ import annotations

import os
import sys
import time

from djangobench import test_database  # first: it sets Django up

# isort: split
from django.db.models import Q

from madina import demo
from madina.core.permissions import OPERATOR
from madina.ppp import queries, services, sheets
from madina.ppp.models import Readiness, Screening
from madina.projects.models import Project, Stage


def main(count: int, language: str) -> None:
    demo.load(verbosity=0)
    projects = list(Project.objects.filter(~Q(stage=Stage.MERGED)).order_by("pk")[:count])
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(is_ppp_candidate=True)
    for project in projects:
        project.is_ppp_candidate = True
        screening = services.start_screening(project, OPERATOR)
        Screening.objects.filter(pk=screening.pk).update(
            stage=Readiness.MARKET_SOUNDING, contract_form="concession", payer="users", duration_years=20,
            capital_cost_tnd=project.estimated_cost_tnd, contact_name="Unité PPP", contact_email="ppp@example.tn")
    listed = list(queries.with_sheet_parts(queries.investor_catalogue({}))[:count])
    sheets.lay_out(sheets.sheet_html(listed[0].project, listed[0], language))
    start = time.perf_counter()
    sheets.lay_out(sheets.sheet_html(listed[0].project, listed[0], language))
    one = time.perf_counter() - start
    start = time.perf_counter()
    archive = sheets.sheets_zip(listed, language)
    took = time.perf_counter() - start
    start = time.perf_counter()
    sheets.sheets_zip(listed, language)
    again = time.perf_counter() - start
    print(f"{len(listed)} sheets ({language}) in one ZIP: {took:.1f} s, {len(archive) / 1e6:.1f} MB; again from the stored sheets {again:.1f} s; one sheet laid out {one:.2f} s; "
          f"target 50 in <= 30 s: {'met' if took <= 30 else 'MISSED'} (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    with test_database():
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, sys.argv[2] if len(sys.argv) > 2 else "fr")
