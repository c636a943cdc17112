"""The home page: the programme and its current caravan edition (owned by the top layer since it spans apps)."""

from django.shortcuts import render

from madina.caravan import queries as caravan_queries
from madina.caravan.views import route_map_layers
from madina.territory import queries as territory_queries


def home(request):
    edition = caravan_queries.featured_edition()
    stops = caravan_queries.stops_of(edition) if edition else []
    return render(
        request,
        "home.html",
        {
            "edition": edition,
            "stops": stops,
            "first": stops[0] if stops else None,
            "last": stops[-1] if stops else None,
            "map_layers": route_map_layers(edition) if edition else "",
            "territory": territory_queries.national_counts(),
        },
    )
