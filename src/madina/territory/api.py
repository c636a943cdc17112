"""Territory open data: governorates, municipalities, smart-city perimeters, "which municipality is here".

`name` is in the request's language (falling back to French); name_fr/name_ar/name_en are the stored names.
GeoJSON endpoints (`*.geojson`) serve the maps: simplified outlines for national and governorate maps, the full
boundary for one municipality.
"""


from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from madina.core.api import Pages, responses
from madina.core.schemas import TranslatedName

from . import queries
from .models import Municipality

router = Router(tags=["territory"])


class Named(TranslatedName):
    slug: str


class GovernorateOut(Named):
    iso_code: str
    population: int
    municipality_count: int


class MunicipalityOut(Named):
    governorate: Named
    population: int | None
    area_km2: Decimal | None
    council_seats: int | None
    state: str
    perimeter_count: int


class MunicipalityDetail(MunicipalityOut):
    geometry: dict | None = Field(description="The full boundary, GeoJSON (MultiPolygon).")


class PerimeterOut(Named):
    municipality: Named
    description: str
    area_ha: Decimal = Field(description="Geodesic area on the WGS84 ellipsoid, in hectares.")
    is_approximate: bool

    @staticmethod
    def resolve_description(obj) -> str:
        return obj.description or ""


class PerimeterDetail(PerimeterOut):
    description_fr: str | None
    description_ar: str | None
    description_en: str | None
    geometry: dict | None


class LocateOut(Schema):
    lat: float
    lon: float
    municipality: MunicipalityOut | None = Field(description="null when no municipality contains the point.")


class MunicipalityFilter(Schema):
    governorate: str = Field("", description="Slug of a governorate.")
    q: str = Field("", description="Part of a name in French, Arabic or English; accents and hamzas ignored.")


@router.get(
    "/governorates", response=responses({200: list[GovernorateOut]}), url_name="territory_governorates",
)
def governorates(request):
    return queries.governorates()


@router.get(
    "/governorates.geojson", response=responses({200: dict}), url_name="territory_governorate_outlines",
)
def governorate_outlines(request):
    """The 24 governorates, simplified (about 400 m) for the national map."""
    return queries.governorate_outlines()


@router.get(
    "/governorates/{slug}", response=responses({200: GovernorateOut}, 404), url_name="territory_governorate",
)
def governorate(request, slug: str):
    return queries.governorate(slug)


@router.get(
    "/governorates/{slug}/municipalities.geojson", response=responses({200: dict}, 404),
    url_name="territory_governorate_municipality_outlines",
)
def governorate_municipality_outlines(request, slug: str):
    """The municipalities of one governorate, simplified (about 70 m)."""
    return queries.municipality_outlines(queries.governorate(slug))


@router.get(
    "/municipalities", response=responses({200: list[MunicipalityOut]}), url_name="territory_municipalities",
)
@paginate(Pages, page_size=50)
def municipalities(request, filters: Query[MunicipalityFilter]):
    return queries.search_municipalities(filters.q, filters.governorate)


@router.get(
    "/municipalities.geojson", response=responses({200: dict}), url_name="territory_municipality_outlines",
)
def municipality_outlines(request):
    """All 350 municipalities, simplified (about 400 m) for the national map."""
    return queries.municipality_outlines()


@router.get(
    "/municipalities/{slug}", response=responses({200: MunicipalityDetail}, 404),
    url_name="territory_municipality",
)
def municipality(request, slug: str):
    return queries.municipality(slug)


@router.get(
    "/municipalities/{slug}/boundary.geojson", response=responses({200: dict}, 404),
    url_name="territory_municipality_boundary",
)
def municipality_boundary(request, slug: str):
    return queries.municipality_boundary(queries.municipality(slug))


@router.get(
    "/municipalities/{slug}/perimeters.geojson", response=responses({200: dict}, 404),
    url_name="territory_municipality_perimeters",
)
def municipality_perimeters(request, slug: str):
    found = get_object_or_404(Municipality.objects.defer("geometry"), slug=slug)
    return queries.perimeters_geojson(found.perimeters.all())  # each row's municipality is `found`: no join


@router.get("/locate", response=responses({200: LocateOut}), url_name="territory_locate")
def locate(request, lat: float = Query(..., ge=-90, le=90), lon: float = Query(..., ge=-180, le=180)):
    """The municipality containing the point (WGS84). A point outside every municipality (at sea, abroad)
    answers 200 with `municipality: null`: "nothing here" is an answer, not a missing resource."""
    return {"lat": lat, "lon": lon, "municipality": queries.locate(lat, lon)}


@router.get("/perimeters", response=responses({200: list[PerimeterOut]}), url_name="territory_perimeters")
def perimeters(request):
    return queries.perimeters()


@router.get("/perimeters.geojson", response=responses({200: dict}), url_name="territory_perimeters_geojson")
def perimeters_geojson(request):
    """Every smart-city perimeter as a FeatureCollection (area in hectares, approximate flag)."""
    return queries.perimeters_geojson()


@router.get(
    "/perimeters/{slug}", response=responses({200: PerimeterDetail}, 404), url_name="territory_perimeter",
)
def perimeter(request, slug: str):
    return queries.perimeter(slug)


@router.get(
    "/perimeters/{slug}/geometry.geojson", response=responses({200: dict}, 404),
    url_name="territory_perimeter_geojson",
)
def perimeter_geojson(request, slug: str):
    return queries.perimeters_geojson([queries.perimeter(slug)])
