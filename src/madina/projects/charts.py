"""The national summary's three charts (projects by sector, by stage, by governorate), drawn by the shared chart
helper (madina.core.charts) so they read the same as the budget results: the number of projects as bars, their
estimated cost beside it in the data table (a cost bar would dwarf the counts on one scale)."""

from django.utils.translation import gettext as _

from madina.core.charts import Chart, Row
from madina.core.numbers import money, number


def summary_charts(summary: dict) -> list[Chart]:
    groupings = (
        ("by_sector", _("Projets par secteur"), _("Secteur")),
        ("by_stage", _("Projets par étape"), _("Étape")),
        ("by_governorate", _("Projets par gouvernorat"), _("Gouvernorat")),
    )
    return [
        Chart(
            key=key, title=title, headings=(heading, _("Projets"), _("Coût estimé")),
            rows=[Row(row.label, row.count, number(row.count), cells=(money(row.cost),)) for row in summary[key]],
        )
        for key, title, heading in groupings
    ]
