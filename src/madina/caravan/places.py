"""The caravan's section on a place's page (territory.connections): the stops of published editions there."""

from __future__ import annotations

from madina.core.models import joined_without_geometry
from madina.territory.connections import Section, for_place
from madina.territory.models import Governorate, Municipality

from .models import Stop

PLACES = {Municipality: "municipality", Governorate: "municipality__governorate"}


def stops_at(place) -> Section | None:
    """Stops of published editions in the municipality or governorate, latest edition first: one query. A
    perimeter has no stop of its own: the caravan visits towns."""
    key = for_place(place, PLACES)
    if key is None:
        return None
    stops = list(joined_without_geometry(Stop.objects, "municipality").select_related("edition")
                 .filter(edition__is_published=True, **{key: place})
                 .order_by("-edition__start_date", "date", "order"))
    return Section(40, "caravan/_place_stops.html", {"stops": stops})
