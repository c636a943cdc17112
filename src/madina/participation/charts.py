"""Participation over time on a process page: each week's new proposals, supports and comments, drawn by the
shared chart helper (madina.core.charts) with the same figures in its table."""

from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from madina.core.charts import Chart, Row
from madina.core.numbers import number

WEEKS_SHOWN = 26  # half a year: the longest phases last a few months


def activity_chart(weekly: dict) -> Chart | None:
    """None before anything was said; otherwise every week from the first to the last one with activity (quiet
    weeks included, so the drawing keeps time regular), the latest WEEKS_SHOWN."""
    if not weekly:
        return None
    first, last = min(weekly), max(weekly)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)][-WEEKS_SHOWN:]
    empty = {"proposals": 0, "supports": 0, "comments": 0}
    rows = []
    for week in weeks:
        counts = weekly.get(week, empty)
        total = sum(counts.values())
        rows.append(Row(
            _("Semaine du %(date)s") % {"date": date_format(week, "j F Y")}, total, number(total),
            cells=(number(counts["proposals"]), number(counts["supports"]), number(counts["comments"])),
        ))
    return Chart(
        key="activity", title=_("La participation semaine par semaine (propositions, soutiens et commentaires)"),
        headings=(_("Semaine"), _("Contributions"), _("Propositions"), _("Soutiens"), _("Commentaires")), rows=rows,
    )
