"""Reads of caravan editions for pages and the API; each returns everything a page lists in one or two queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from madina.core.models import joined_without_geometry

from .models import Edition, PlanRun, Registration, Stop, Team, Tour


def published_editions():
    return Edition.objects.filter(is_published=True).order_by("-start_date")


def featured_edition():
    """The edition the home page shows: the latest published one."""
    return published_editions().first()


def next_stops(limit: int, today: dt.date | None = None) -> list[Stop]:
    """The coming stops of published editions, soonest first (today's included: one can still go)."""
    today = today or timezone.localdate()
    return list(
        _stops().select_related("edition").filter(edition__is_published=True, date__gte=today)
        .order_by("date", "starts_at", "order")[:limit]
    )


def published_edition(slug: str) -> Edition:
    return get_object_or_404(Edition, slug=slug, is_published=True)


def _stops():
    """Stops with the places they link to (named and linked on every page, never drawn)."""
    return joined_without_geometry(Stop.objects, "municipality", "governorate").select_related("team")


def stops_of(edition) -> list[Stop]:
    stops = list(_stops().filter(edition=edition).select_related("pinned_tour", "pinned_team").order_by("order"))
    for stop in stops:
        stop.edition = edition  # get_absolute_url needs the edition's slug: no query per stop
    return stops


def stop_with_neighbours(edition, order: int) -> tuple[Stop, Stop | None, Stop | None]:
    """The stop and the ones before and after it in the tour (None at either end); Http404 for no such stop."""
    stops = {
        stop.order: stop
        for stop in _stops().filter(edition=edition, order__in=(order - 1, order, order + 1))
    }
    if order not in stops:
        raise Http404
    for stop in stops.values():
        stop.edition = edition
    return stops[order], stops.get(order - 1), stops.get(order + 1)


@dataclass
class Day:
    number: int | None
    date: dt.date | None
    stops: list[Stop] = field(default_factory=list)


def days_of(stops: list[Stop]) -> list[Day]:
    """The programme by day, consecutive stops of one date forming one day."""
    days: list[Day] = []
    for stop in stops:
        if not days or days[-1].date != stop.date:
            days.append(Day(stop.day_number, stop.date))
        days[-1].stops.append(stop)
    return days


# Organisers ----------------------------------------------------------------------------------------------


def all_editions():
    """Every edition, drafts first, for the organisers' page."""
    return Edition.objects.order_by("is_published", "-start_date")


def any_edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("first_stop", "last_stop"), slug=slug)


def stop_of(edition, order: int) -> Stop:
    stop = get_object_or_404(_stops(), edition=edition, order=order)
    stop.edition = edition
    return stop


def plan_runs(edition, limit: int = 10):
    return list(PlanRun.objects.filter(edition=edition).select_related("created_by", "tour")
                .defer("instance", "result")[:limit])


def plan_run(edition, pk: int) -> PlanRun:
    run = get_object_or_404(PlanRun.objects.select_related("tour"), edition=edition, pk=pk)
    run.edition = edition
    return run


def localized_names(edition) -> dict[str, str]:
    """Plan stop id -> the stop's name in the reader's language (stops deleted since keep the plan's name)."""
    return {f"stop-{stop.pk}": stop.name for stop in Stop.objects.filter(edition=edition)}


def organiser_url(edition) -> str:
    return reverse("caravan:organiser_edition", kwargs={"slug": edition.slug})


def tour_programmes(stops: list[Stop]) -> list[dict]:
    """An edition of several tours: each tour (date order) with its published programme by day and its teams;
    empty for an edition of one tour, whose page shows the one programme (and asks nothing more)."""
    ids = {stop.tour_id for stop in stops}
    if len(ids - {None}) < 2:
        return []
    programmes = []
    for tour in Tour.objects.filter(pk__in=ids).prefetch_related("teams").order_by("start_date", "order"):
        days = days_of([stop for stop in stops if stop.tour_id == tour.pk]) if tour.is_published else []
        for day in days:  # counted from the tour's first day, as its programme is read
            day.number = (day.date - tour.start_date).days + 1 if day.date else None
        programmes.append({"tour": tour, "teams": list(tour.teams.all()), "published": tour.is_published,
                           "days": days})
    return programmes


def team_labels(edition) -> dict[str, tuple[str, str]]:
    """Plan team id -> (name in the reader's language, colour), for every team of the edition's tours."""
    return {f"team-{team.pk}": (team.name, team.colour) for team in Team.objects.filter(tour__edition=edition)}


def tours_of(edition) -> list:
    """The edition's tours in date order with their teams (one query each)."""
    return list(Tour.objects.filter(edition=edition).prefetch_related("teams").order_by("start_date", "order"))


def attendees(stop):
    return Registration.objects.filter(stop=stop).exclude(status=Registration.Status.CANCELLED).order_by(
        "status", "created_at", "pk"
    )


def registration_by_token(token) -> Registration:
    return get_object_or_404(Registration.objects.select_related("stop__edition"), token=token)


def teams_with_stops():
    """Teams with their fixed ends and their stops in the programme's order, in a fixed number of queries."""
    return Team.objects.select_related("start_stop", "end_stop").prefetch_related(
        Prefetch("stops", queryset=Stop.objects.order_by("order").only(
            "team", "order", "name", "name_fr", "name_ar", "name_en", "date", "starts_at", "ends_at")))


def tours_with_teams():
    return Tour.objects.select_related("edition").prefetch_related(Prefetch("teams", queryset=teams_with_stops()))
