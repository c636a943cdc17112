"""The results page's two charts: the votes each project received (the selected ones marked), and the
selected projects' costs end to end against the budget line, so anyone sees how much of the budget they use."""

from django.utils.translation import gettext as _

from madina.core.charts import Chart, Line, Row
from madina.core.numbers import money, number

from .models import Budget, BudgetProject


def result_charts(budget: Budget, projects: list[BudgetProject], selected: list[str]) -> list[Chart]:
    chosen = set(selected)
    by_votes = sorted(projects, key=lambda p: (-p.vote_count, p.cost_tnd, p.pk))
    votes = Chart(
        key="votes", title=_("Votes par projet"), headings=(_("Projet"), _("Votes"), _("Coût")),
        marked_label=_("retenu"),
        rows=[Row(p.title, p.vote_count, number(p.vote_count), marked=str(p.pk) in chosen, cells=(money(p.cost_tnd),))
              for p in by_votes],
    )
    by_id = {str(p.pk): p for p in projects}
    rows, spent = [], 0
    for pid in selected:
        project = by_id[pid]
        rows.append(Row(project.title, project.cost_tnd, money(project.cost_tnd), marked=True, start=spent,
                        cells=(money(spent + project.cost_tnd),)))
        spent += project.cost_tnd
    costs = Chart(
        key="costs", title=_("Le coût des projets retenus, mis bout à bout, et le budget"),
        headings=(_("Projet retenu"), _("Coût"), _("Total atteint")), rows=rows,
        line=Line(budget.amount_tnd, _("Budget : %(amount)s") % {"amount": money(budget.amount_tnd)}),
    )
    return [votes, costs] if rows else [votes]
