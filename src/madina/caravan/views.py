"""Public pages of the caravan: the editions, one edition's programme by day, one stop."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from . import queries
from .api import stops_geojson_url
from .models import Stop


def route_map_layers(edition) -> str:
    """The map of a tour: the governorates drawn from our own outlines, the stops joined in order on top."""
    return f"outline:{reverse('api-v1:territory_governorate_outlines')} route:{stops_geojson_url(edition)}"


def edition_list(request):
    return render(request, "caravan/edition_list.html", {"editions": list(queries.published_editions())})


def edition_detail(request, slug):
    edition = queries.published_edition(slug)
    stops = queries.stops_of(edition)
    return render(
        request,
        "caravan/edition_detail.html",
        {
            "edition": edition,
            "stops": stops,
            "days": queries.days_of(stops),
            "map_layers": route_map_layers(edition),
        },
    )


def stop_detail(request, slug, order):
    edition = queries.published_edition(slug)
    try:
        stop, previous, following = queries.stop_with_neighbours(edition, order)
    except Stop.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "caravan/stop_detail.html",
        {"edition": edition, "stop": stop, "previous": previous, "next": following},
    )
