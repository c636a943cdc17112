"""Writes to an edition's tours and teams, and the organiser's pins of a stop to a tour or a team.

An edition always has at least one tour and each tour at least one team: an edition is created with one of each
(`ensure_tour`), as the migration gave the editions made before tours, so the planner and the programme never
meet an edition without them. Tours of one edition lie inside its dates and never overlap: one caravan crew
cannot be in two tours on the same day, and each tour's programme is published apart.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from madina.core.errors import Conflict, Invalid, check_fields
from madina.core.permissions import require

from .models import TEAM_COLOURS, Edition, Stop, Team, Tour
from .rules import NOT_ORGANISER, PLAN

TOUR_FIELDS = ("name_fr", "name_ar", "name_en", "start_date", "end_date")
TEAM_FIELDS = ("name_fr", "name_ar", "name_en", "colour", "start_stop", "end_stop")
FIRST_TEAM = {"name_fr": "Caravane", "name_ar": "القافلة", "name_en": "Caravan"}


def set_fields(obj, data: dict, fields) -> list[str]:
    """Copy the given fields of `data` onto `obj`; the names set, for `save(update_fields=...)`."""
    edited = [name for name in fields if name in data]
    for name in edited:
        setattr(obj, name, data[name])
    return edited


def ensure_tour(edition: Edition) -> Tour:
    """The edition's first tour, made over the edition's dates with one team when it has none yet; stops in no
    tour are put in it (an edition of one tour has them all)."""
    tour = edition.tours.order_by("order").first()
    if tour is None:
        tour = Tour.objects.create(edition=edition, order=1, name_fr=edition.name_fr, name_ar=edition.name_ar,
                                   name_en=edition.name_en, start_date=edition.start_date, end_date=edition.end_date,
                                   published_run_id=edition.published_run_id, is_published=edition.is_published)
        Team.objects.create(tour=tour, order=1, colour=TEAM_COLOURS[0], **FIRST_TEAM)
    if edition.tours.count() == 1:
        team = tour.teams.order_by("order").first()
        Stop.objects.filter(edition=edition, tour=None).update(tour=tour, team=team)
    return tour


def follow_edition_dates(edition: Edition, old_start, old_end) -> None:
    """After the edition's dates changed: a lone tour that spanned the old dates spans the new ones; otherwise
    every tour must still lie inside the edition (Invalid on the edition's dates)."""
    tours = list(edition.tours.all())
    if len(tours) == 1 and (tours[0].start_date, tours[0].end_date) == (old_start, old_end):
        Tour.objects.filter(pk=tours[0].pk).update(start_date=edition.start_date, end_date=edition.end_date)
        return
    for tour in tours:
        if tour.start_date < edition.start_date or tour.end_date > edition.end_date:
            raise Invalid(_("La tournée « %(tour)s » (du %(start)s au %(end)s) sortirait de l'édition : "
                            "changez d'abord ses dates.") % {"tour": tour.name, "start": tour.start_date.isoformat(),
                                                              "end": tour.end_date.isoformat()}, field="start_date")


def follow_edition_ends(edition: Edition) -> None:
    """An edition of one tour and one team: the edition's start and end stops are that team's (the migration
    copied them there), so changing them in the edition's rules changes the team's too."""
    teams = list(Team.objects.filter(tour__edition=edition)[:2])
    if len(teams) == 1:
        Team.objects.filter(pk=teams[0].pk).update(start_stop=edition.first_stop, end_stop=edition.last_stop)


def check_tour_dates(edition: Edition, start, end, tour: Tour | None = None) -> None:
    """Invalid on its field when the dates are out of order, outside the edition, or overlap another tour."""
    if end < start:
        raise Invalid(_("Le dernier jour vient avant le premier."), field="end_date")
    if start < edition.start_date or end > edition.end_date:
        raise Invalid(_("La tournée doit être dans les dates de l'édition (du %(start)s au %(end)s).")
                      % {"start": edition.start_date.isoformat(), "end": edition.end_date.isoformat()},
                      field="start_date" if start < edition.start_date else "end_date")
    others = Tour.objects.filter(edition=edition, start_date__lte=end, end_date__gte=start)
    if tour is not None and tour.pk:
        others = others.exclude(pk=tour.pk)
    clash = others.first()
    if clash:
        raise Invalid(_("Ces dates chevauchent la tournée « %(tour)s » (du %(start)s au %(end)s).")
                      % {"tour": clash.name, "start": clash.start_date.isoformat(), "end": clash.end_date.isoformat()},
                      field="start_date")


def _clean_tour(edition: Edition, tour: Tour) -> None:
    if not (tour.name_fr or "").strip():
        raise Invalid(_("Donnez un nom à la tournée."), field="name_fr")
    check_fields(tour, *TOUR_FIELDS)
    check_tour_dates(edition, tour.start_date, tour.end_date, tour)


@transaction.atomic
def add_tour(edition: Edition, user, **data) -> Tour:
    """A new tour of the edition, with one team to begin with."""
    require(PLAN, user, message=NOT_ORGANISER)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    tour = Tour(edition=edition, order=(edition.tours.aggregate(m=Max("order"))["m"] or 0) + 1)
    set_fields(tour, data, TOUR_FIELDS)
    _clean_tour(edition, tour)
    tour.save()
    Team.objects.create(tour=tour, order=1, colour=TEAM_COLOURS[0], **FIRST_TEAM)
    return tour


@transaction.atomic
def save_tour(tour: Tour, user, **data) -> Tour:
    require(PLAN, user, message=NOT_ORGANISER)
    edition = Edition.objects.select_for_update().get(pk=tour.edition_id)
    row = Tour.objects.get(pk=tour.pk)
    edited = set_fields(row, data, TOUR_FIELDS)
    _clean_tour(edition, row)
    row.save(update_fields=edited)
    return row


def kept_tour(edition: Edition, tour: Tour) -> str | None:
    """Why the tour may not be deleted, or None: an edition keeps one tour, and the published programme keeps
    its stops' tours until a programme without it is published (the admin asks the same)."""
    if edition.tours.count() <= 1:
        return _("Une édition garde au moins une tournée.")
    if edition.is_published and edition.stops.filter(tour=tour).exists():
        return _("Cette tournée est dans le programme publié : planifiez et publiez sans elle d'abord.")
    return None


@transaction.atomic
def delete_tour(tour: Tour, user) -> None:
    """The stops pinned to it or planned in it go back to the planner's choice."""
    require(PLAN, user, message=NOT_ORGANISER)
    refused = kept_tour(Edition.objects.select_for_update().get(pk=tour.edition_id), tour)
    if refused:
        raise Conflict(refused)
    tour.delete()


def clean_team(tour: Tour, team: Team) -> None:
    """Invalid on its field for a team without a name, a colour that is not #RRGGBB, or fixed ends that are not
    stops of the edition free for this team (the admin's team form asks the same)."""
    if not (team.name_fr or "").strip():
        raise Invalid(_("Donnez un nom à l'équipe."), field="name_fr")
    check_fields(team, "name_fr", "name_ar", "name_en", "colour")
    ends = [stop for stop in (team.start_stop, team.end_stop) if stop is not None]
    for name, stop in (("start_stop", team.start_stop), ("end_stop", team.end_stop)):
        if stop is not None and stop.edition_id != tour.edition_id:
            raise Invalid(_("Les étapes de départ et d'arrivée sont des étapes de cette édition."), field=name)
        if stop is not None and stop.pinned_tour_id not in (None, tour.pk):
            raise Invalid(_("%(stop)s est imposée à une autre tournée.") % {"stop": stop.name}, field=name)
    if len(ends) == 2 and ends[0] == ends[1]:
        raise Invalid(_("L'étape d'arrivée doit être différente de l'étape de départ."), field="end_stop")
    taken = Team.objects.filter(Q(start_stop__in=ends) | Q(end_stop__in=ends), tour__edition_id=tour.edition_id)
    if team.pk:
        taken = taken.exclude(pk=team.pk)
    if ends and taken.exists():
        raise Invalid(_("Une étape est le départ ou l'arrivée d'une seule équipe."), field="start_stop")


@transaction.atomic
def add_team(tour: Tour | None, user, **data) -> Team:
    """A new team of the tour, in the next colour of the palette unless one is given."""
    require(PLAN, user, message=NOT_ORGANISER)
    if tour is None:
        raise Invalid(_("Choisissez la tournée de l'équipe."), field="tour")
    tour = Tour.objects.select_for_update().get(pk=tour.pk)
    count = tour.teams.count()
    team = Team(tour=tour, order=(tour.teams.aggregate(m=Max("order"))["m"] or 0) + 1,
                colour=TEAM_COLOURS[count % len(TEAM_COLOURS)])
    set_fields(team, {key: value for key, value in data.items() if value not in (None, "")}, TEAM_FIELDS)
    clean_team(tour, team)
    team.save()
    return team


@transaction.atomic
def save_team(team: Team, user, **data) -> Team:
    require(PLAN, user, message=NOT_ORGANISER)
    tour = Tour.objects.select_for_update().get(pk=team.tour_id)
    row = Team.objects.get(pk=team.pk)
    edited = set_fields(row, data, TEAM_FIELDS)
    clean_team(tour, row)
    row.save(update_fields=edited)
    return row


@transaction.atomic
def delete_team(team: Team, user) -> None:
    require(PLAN, user, message=NOT_ORGANISER)
    tour = Tour.objects.select_for_update().get(pk=team.tour_id)
    if tour.teams.count() <= 1:
        raise Conflict(_("Une tournée garde au moins une équipe."))
    team.delete()


@transaction.atomic
def pin_stop(stop: Stop, user, *, tour: Tour | None, team: Team | None) -> Stop:
    """Pin the stop to a tour, or to a team (and so its tour); both empty gives the choice back to the planner."""
    require(PLAN, user, message=NOT_ORGANISER)
    row = Stop.objects.select_for_update().get(pk=stop.pk)
    if team is not None:
        if tour is not None and team.tour_id != tour.pk:
            raise Invalid(_("L'équipe « %(team)s » n'est pas de la tournée « %(tour)s ».")
                          % {"team": team.name, "tour": tour.name}, field="pinned_team")
        tour = team.tour
    if tour is not None and tour.edition_id != row.edition_id:
        raise Invalid(_("Cette tournée n'est pas de l'édition de l'étape."), field="pinned_tour")
    if tour is not None and row.pinned_day and not tour.start_date <= row.pinned_day <= tour.end_date:
        raise Invalid(_("Le jour imposé à l'étape (%(day)s) n'est pas dans cette tournée.")
                      % {"day": row.pinned_day.isoformat()}, field="pinned_tour")
    row.pinned_tour, row.pinned_team = tour, team
    row.save(update_fields=["pinned_tour", "pinned_team"])
    return row
