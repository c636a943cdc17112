"""The 2020 edition of the national caravan, as announced: its stops come from data/caravan/caravan-2020.csv.

The organisers published the order of the 20 stops and the dates of the tour (9 to 16 March 2020), not the day
of each stop, so the import spreads the stops over the 8 days in order (services.spread_over_days) and marks
the days as estimated.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from madina.core.permissions import OPERATOR
from madina.territory.models import Municipality

from . import planning
from .importer import import_edition_csv
from .models import TEAM_COLOURS, Edition, PlanRun, Stop, Team, Tour
from .services import _new_stop, _town_points, apply_plan
from .tours import FIRST_TEAM, ensure_tour

EDITION_2020 = {
    "slug": "2020",
    "number": 2,
    "start_date": dt.date(2020, 3, 9),
    "end_date": dt.date(2020, 3, 16),
    "name_fr": "Caravane nationale « Tunisian Smart Cities » 2020",
    # The mark after the closing quote (RLM) keeps the year on the Arabic side of the Latin name.
    "name_ar": "القافلة الوطنية «Tunisian Smart Cities»\u200f 2020",
    "name_en": "National caravan “Tunisian Smart Cities” 2020",
    "description_fr": (
        "Deuxième édition de la caravane nationale de sensibilisation aux villes intelligentes et durables : "
        "20 villes en 8 jours, de Sbeïtla à Sakiet Eddaier, du 9 au 16 mars 2020."
    ),
    "description_ar": (
        "الدورة الثانية للقافلة الوطنية للتحسيس بالمدن الذكية والمستدامة: "
        "20 مدينة في 8 أيام، من سبيطلة إلى ساقية الدائر، من 9 إلى 16 مارس 2020."
    ),
    "description_en": (
        "Second edition of the national awareness caravan for smart and sustainable cities: "
        "20 cities in 8 days, from Sbeïtla to Sakiet Eddaier, 9 to 16 March 2020."
    ),
    "source": gettext_noop("Ordre annoncé par les organisateurs ; coordonnées GeoNames (data/SOURCES.md)."),
    "is_published": True,
}
# The position notes of data/caravan/caravan-2020.csv, for the catalogues: a page shows a stop's note in the
# reader's language when the catalogues know it (caravan/_position_note.html), as the organiser typed it otherwise.
POSITION_NOTES_2020 = (
    gettext_noop("El Hamma de Gabès (pas El Hamma du Jérid)"),
    gettext_noop("aussi le port du bac pour Kerkennah"),
    gettext_noop("approximative : centre du polygone de la municipalité"),
    gettext_noop("approximative : centre de l'île ; bac Sfax - Sidi Youssef (34.655 10.972) en 60 min environ"),
)


def load_2020_edition() -> Edition:
    """The edition from its file; once its planned northern tour is there, the edition is left as it is (the file
    knows only the southern tour's twenty stops)."""
    edition = Edition.objects.filter(slug=EDITION_2020["slug"], tours__is_planned_example=True).first()
    if edition:
        return edition
    return import_edition_csv(settings.DATA_DIR / "caravan" / "caravan-2020.csv", OPERATOR, **EDITION_2020)


def held_stops(edition: Edition):
    """The stops the caravan really held (the demo's workshops, projects and values are there), not the planned
    example's."""
    return edition.stops.exclude(tour__is_planned_example=True)


# The northern tour of 2020 (29 June - 6 July) as a plan Madina computes, not the programme the caravan held: its
# thirteen towns are the ones the organisers announced; the days and times are the planner's, labelled so.
NORTH_2020 = ("beja", "jendouba", "kef", "siliana", "kairouan", "mahdia", "monastir", "sousse", "nabeul",
              "ben-arous", "tunis", "l-ariana-ville", "mannouba")
NORTH_2020_DATES = (dt.date(2020, 6, 29), dt.date(2020, 7, 6))


def load_2020_northern_tour(edition: Edition) -> Tour | None:
    """The 2020 edition's second tour, planned by the core and applied; loaded once (a second run changes
    nothing). The planner proves its order optimal for one team of 13 stops, so the plan is the same every time."""
    if edition is None:
        return None
    existing = edition.tours.filter(is_planned_example=True).first()
    if existing or not Municipality.objects.filter(slug__in=NORTH_2020).exists():
        return existing
    with transaction.atomic():
        south = ensure_tour(edition)
        Tour.objects.filter(pk=south.pk).update(name_fr="Tournée du Sud", name_ar="جولة الجنوب", name_en="Southern tour",
                                                is_published=True)
        Edition.objects.filter(pk=edition.pk).update(end_date=NORTH_2020_DATES[1])
        edition.refresh_from_db()
        north = Tour.objects.create(
            edition=edition, order=2, name_fr="Tournée du Nord (plan calculé)", name_ar="جولة الشمال (خطة محسوبة)",
            name_en="Northern tour (computed plan)", start_date=NORTH_2020_DATES[0], end_date=NORTH_2020_DATES[1],
            is_planned_example=True,
        )
        team = Team.objects.create(tour=north, order=1, colour=TEAM_COLOURS[1], **FIRST_TEAM)
        towns = {m.slug: m for m in Municipality.objects.filter(slug__in=NORTH_2020).select_related("governorate")}
        first = edition.stops.count() + 1
        known = _town_points(list(towns.values()))
        stops = [_new_stop(edition, first + k, towns[slug], known.get(towns[slug].pk))
                 for k, slug in enumerate(s for s in NORTH_2020 if s in towns)]
        for stop in stops:
            stop.tour, stop.pinned_tour = north, north
            stop.save()
        Edition.objects.filter(pk=edition.pk).update(stop_count=first - 1 + len(stops))
        data = planning.instance_data(edition, stops, north)
        reporter = planning.Reporter(lambda *args: None, planning.plan_seconds())
        result = planning.compute(data, PlanRun.Kind.PLAN, reporter)
        run = PlanRun.objects.create(edition=edition, tour=north, kind=PlanRun.Kind.PLAN, instance=data, result=result,
                                     status=PlanRun.Status.DONE, phase=PlanRun.Phase.FINISHED, progress=100)
        if result["feasible"]:
            apply_plan(run, OPERATOR, publish=True)
        Stop.objects.filter(tour=north).update(team=team)
    return north
