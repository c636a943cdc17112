"""The home page: what one can take part in now, what the programme has done lately, and its caravan.

It spans every app, so it lives on the top layer and reads each app through its `queries`. Each block is a
bounded list (SHOWN rows), so the page costs the same number of queries whatever the data; it holds nothing
personal, so visitors are served it from the shared page cache (core/pagecache.py).
"""

from django.shortcuts import render
from django.utils import timezone

from madina.budgeting import queries as budgeting_queries
from madina.caravan import queries as caravan_queries
from madina.caravan.views import route_map_layers
from madina.participation import queries as participation_queries
from madina.participation.phases import Action, PhaseKind, allows
from madina.projects import queries as projects_queries
from madina.territory import queries as territory_queries

SHOWN = 4


def home(request):
    now = timezone.now()
    edition = caravan_queries.featured_edition()
    stops = caravan_queries.stops_of(edition) if edition else []
    processes = participation_queries.open_processes(SHOWN, now)
    for process in processes:
        process.can_propose = allows(process.phase_now.kind, Action.PROPOSE)
    budgets = budgeting_queries.open_budgets(SHOWN, now)
    for budget in budgets:
        budget.is_voting = budget.phase_now.kind == PhaseKind.BUDGET_VOTE
    figures = territory_queries.national_counts()
    figures["projects"] = projects_queries.project_total()
    figures["proposals"] = participation_queries.proposal_total()
    return render(
        request,
        "home.html",
        {
            "now": now,
            "processes": processes,
            "budgets": budgets,
            "next_stops": caravan_queries.next_stops(SHOWN),
            "answered": list(participation_queries.answered_proposals(SHOWN)),
            "moved": list(projects_queries.recently_moved(SHOWN)),
            "edition": edition,
            "stops": stops,
            "first": stops[0] if stops else None,
            "last": stops[-1] if stops else None,
            "map_layers": route_map_layers(edition) if edition else "",
            "territory": figures,
        },
    )
