"""An edition's tours and teams in the API: everyone reads the published tours of a published edition (dates,
teams, each team's stops in their order); organisers add, change and delete tours and teams through the same
services as the organiser's pages (`tours.py`), so the API refuses what the pages refuse, with the same words.

A write is refused as 403 before the object is looked up, so that a person who may not plan cannot learn which
unpublished tours exist; the organiser then gets 404 for an object that does not exist.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import ConfigDict

from madina.accounts.tokens import API_AUTH
from madina.core.api import WRITE, responses
from madina.core.errors import Invalid
from madina.core.permissions import require

from . import queries, services
from .models import Stop, Team, Tour
from .rules import NOT_ORGANISER, PLAN

router = Router(tags=["caravan"])
ID = Path(..., ge=1, le=2**31 - 1, example=1)
TOUR_NAME = Tour._meta.get_field("name").max_length
TEAM_NAME = Team._meta.get_field("name").max_length


class TeamStopOut(Schema):
    order: int
    name: str
    date: dt.date | None
    starts_at: dt.time | None
    ends_at: dt.time | None


class TeamOut(Schema):
    id: int
    order: int
    name: str
    name_fr: str
    name_ar: str | None
    name_en: str | None
    colour: str
    start_stop: int | None = Field(description="the order of the stop the team starts at, if fixed")
    end_stop: int | None = Field(description="the order of the stop the team ends at, if fixed")
    stops: list[TeamStopOut] = Field(description="the team's stops in the order of the programme")

    @staticmethod
    def resolve_start_stop(obj) -> int | None:
        return obj.start_stop.order if obj.start_stop else None

    @staticmethod
    def resolve_end_stop(obj) -> int | None:
        return obj.end_stop.order if obj.end_stop else None

    @staticmethod
    def resolve_stops(obj) -> list:
        return list(obj.stops.all())


class TourOut(Schema):
    id: int
    edition: str
    name: str
    name_fr: str
    name_ar: str | None
    name_en: str | None
    start_date: dt.date
    end_date: dt.date
    is_published: bool
    is_planned_example: bool
    teams: list[TeamOut]

    @staticmethod
    def resolve_edition(obj) -> str:
        return obj.edition.slug

    @staticmethod
    def resolve_teams(obj) -> list:
        return list(obj.teams.all())


class TourIn(Schema):
    # Each write's example succeeds for an organiser on a real object (the docs' "Try it out", and
    # tests/test_api_fuzz.py sends it): the 2020 edition's last days, after its southern tour.
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name_fr": "Nord", "name_ar": "الشمال", "start_date": "2020-03-15", "end_date": "2020-03-16"}]})

    name_fr: str = Field(min_length=1, max_length=TOUR_NAME)
    name_ar: str | None = Field(None, max_length=TOUR_NAME)
    name_en: str | None = Field(None, max_length=TOUR_NAME)
    start_date: dt.date
    end_date: dt.date


class TourChange(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name_en": "South", "end_date": "2020-03-13"}]})

    name_fr: str | None = Field(None, min_length=1, max_length=TOUR_NAME)
    name_ar: str | None = Field(None, max_length=TOUR_NAME)
    name_en: str | None = Field(None, max_length=TOUR_NAME)
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class TeamIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name_fr": "Équipe bleue", "colour": "#D55E00"}]})

    name_fr: str = Field(min_length=1, max_length=TEAM_NAME)
    name_ar: str | None = Field(None, max_length=TEAM_NAME)
    name_en: str | None = Field(None, max_length=TEAM_NAME)
    colour: str | None = Field(None, description="#RRGGBB; the next colour of the palette when left out")
    start_stop: int | None = Field(None, ge=1, le=32767, description="the order of a stop of the edition")
    end_stop: int | None = Field(None, ge=1, le=32767, description="the order of a stop of the edition")


class TeamChange(TeamIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name_en": "Caravan", "colour": "#009E73"}]})

    name_fr: str | None = Field(None, min_length=1, max_length=TEAM_NAME)


def _organiser(request) -> None:
    require(PLAN, request.auth, message=NOT_ORGANISER)


def _tour(pk: int, **published) -> Tour:
    """A tour as the answers show it, its teams and their stops fetched with it."""
    return get_object_or_404(queries.tours_with_teams(), pk=pk, **published)


def _stops(edition_id: int, data: dict) -> dict:
    """The stops named by their order in the edition; Invalid on the field for an order no stop has."""
    for name in ("start_stop", "end_stop"):
        if data.get(name) is not None:
            data[name] = Stop.objects.filter(edition_id=edition_id, order=data[name]).first()
            if data[name] is None:
                raise Invalid(_("Les étapes de départ et d'arrivée sont des étapes de cette édition."), field=name)
    return data


@router.get("/editions/{slug}/tours", response=responses({200: list[TourOut]}, 404), url_name="caravan_tours")
def list_tours(request, slug: str):
    """The published tours of a published edition, in date order, each with its teams and their stops."""
    return list(queries.tours_with_teams().filter(edition=queries.published_edition(slug), is_published=True))


@router.get("/tours/{pk}", response=responses({200: TourOut}, 404), url_name="caravan_tour")
def get_tour(request, pk: int = ID):
    """A published tour of a published edition."""
    return _tour(pk, is_published=True, edition__is_published=True)


@router.post("/editions/{slug}/tours", response=responses({201: TourOut}, *WRITE), auth=API_AUTH,
             summary="Add a tour to an edition, with one team (organisers; session + CSRF or token)")
def create_tour(request, slug: str, data: TourIn):
    _organiser(request)
    tour = services.add_tour(queries.any_edition(slug), request.auth, **data.dict())
    return Status(201, _tour(tour.pk))


@router.patch("/tours/{pk}", response=responses({200: TourOut}, *WRITE), auth=API_AUTH,
              summary="Change a tour's names or dates (organisers)")
def change_tour(request, data: TourChange, pk: int = ID):
    _organiser(request)
    services.save_tour(get_object_or_404(Tour, pk=pk), request.auth, **data.dict(exclude_unset=True))
    return _tour(pk)


@router.delete("/tours/{pk}", response=responses({204: None}, *WRITE), auth=API_AUTH,
               summary="Delete a tour; an edition keeps one (organisers)")
def delete_tour(request, pk: int = ID):
    _organiser(request)
    services.delete_tour(get_object_or_404(Tour, pk=pk), request.auth)
    return Status(204, None)


@router.post("/tours/{pk}/teams", response=responses({201: TeamOut}, *WRITE), auth=API_AUTH,
             summary="Add a team to a tour (organisers)")
def create_team(request, data: TeamIn, pk: int = ID):
    _organiser(request)
    tour = get_object_or_404(Tour, pk=pk)
    team = services.add_team(tour, request.auth, **_stops(tour.edition_id, data.dict()))
    return Status(201, queries.teams_with_stops().get(pk=team.pk))


@router.patch("/teams/{pk}", response=responses({200: TeamOut}, *WRITE), auth=API_AUTH,
              summary="Change a team's names, colour, fixed start or end (organisers)")
def change_team(request, data: TeamChange, pk: int = ID):
    _organiser(request)
    team = get_object_or_404(Team.objects.select_related("tour"), pk=pk)
    services.save_team(team, request.auth, **_stops(team.tour.edition_id, data.dict(exclude_unset=True)))
    return queries.teams_with_stops().get(pk=pk)


@router.delete("/teams/{pk}", response=responses({204: None}, *WRITE), auth=API_AUTH,
               summary="Delete a team; a tour keeps one (organisers)")
def delete_team(request, pk: int = ID):
    _organiser(request)
    services.delete_team(get_object_or_404(Team, pk=pk), request.auth)
    return Status(204, None)
