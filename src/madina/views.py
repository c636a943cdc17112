"""The home page: the programme and its current caravan edition (owned by the top layer since it spans apps)."""

from django.shortcuts import render

from madina.caravan import queries as caravan_queries
from madina.territory import queries as territory_queries


def home(request):
    edition = caravan_queries.featured_edition()
    return render(
        request,
        "home.html",
        {
            "edition": edition,
            "stops": caravan_queries.stops_of(edition) if edition else [],
            "territory": territory_queries.national_counts(),
        },
    )
