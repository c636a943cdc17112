"""Caravan open data: editions, their stops, and the stops as GeoJSON points for maps.

`name` is in the request's language (falling back to French); name_fr/name_ar/name_en are the stored names,
null where no translation was given.
"""

import datetime as dt

from django.urls import reverse
from ninja import Router, Schema

from madina.core.api import responses
from madina.core.schemas import Linked, TranslatedName

from . import queries

router = Router(tags=["caravan"])


class PlaceRef(Linked):
    slug: str
    name: str


class StopOut(TranslatedName):
    order: int
    date: dt.date | None
    starts_at: dt.time | None
    ends_at: dt.time | None
    venue: str
    latitude: float
    longitude: float
    position_is_approximate: bool
    position_note: str
    geonames_id: int | None
    governorate_name: str
    governorate: PlaceRef | None
    municipality: PlaceRef | None

    @staticmethod
    def resolve_governorate_name(obj) -> str:
        return obj.governorate_label

    @staticmethod
    def resolve_venue(obj) -> str:
        return obj.venue or ""


class EditionOut(TranslatedName):
    slug: str
    number: int | None
    description: str
    start_date: dt.date
    end_date: dt.date
    stop_count: int
    days_are_estimated: bool
    stops_geojson: str

    @staticmethod
    def resolve_description(obj) -> str:
        return obj.description or ""

    @staticmethod
    def resolve_stops_geojson(obj) -> str:
        return stops_geojson_url(obj)


class EditionDetailOut(EditionOut):
    stops: list[StopOut]

    @staticmethod
    def resolve_stops(obj) -> list:
        return queries.stops_of(obj)


class PointGeometry(Schema):
    type: str = "Point"
    coordinates: tuple[float, float]


class StopProperties(TranslatedName):
    order: int
    date: dt.date | None
    subtitle: str
    position_is_approximate: bool

    @staticmethod
    def resolve_subtitle(obj) -> str:
        return obj.governorate_label


class StopFeature(Schema):
    type: str = "Feature"
    geometry: PointGeometry
    properties: StopProperties


class StopCollection(Schema):
    type: str = "FeatureCollection"
    features: list[StopFeature]


def stops_geojson_url(edition) -> str:
    return reverse("api-v1:caravan_stops_geojson", kwargs={"slug": edition.slug})


@router.get("/editions", response=responses({200: list[EditionOut]}), url_name="caravan_editions")
def list_editions(request):
    """Published caravan editions, latest first."""
    return list(queries.published_editions())


@router.get("/editions/{slug}", response=responses({200: EditionDetailOut}, 404), url_name="caravan_edition")
def get_edition(request, slug: str):
    """One edition with its stops in the order of the tour."""
    return queries.published_edition(slug)


@router.get(
    "/editions/{slug}/stops.geojson", response=responses({200: StopCollection}, 404), url_name="caravan_stops_geojson"
)
def edition_stops_geojson(request, slug: str):
    """The stops as GeoJSON points (longitude, latitude), in the order of the tour, for maps."""
    stops = queries.stops_of(queries.published_edition(slug))
    return {
        "features": [
            {"geometry": {"coordinates": (float(stop.longitude), float(stop.latitude))}, "properties": stop}
            for stop in stops
        ]
    }
