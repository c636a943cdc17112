"""`madina demo` loads the territory, the demo perimeters and the 2020 caravan; running it twice changes nothing."""

import datetime as dt

import pytest
from django.apps import apps
from django.core import serializers
from django.db.models import Count

from madina.caravan.models import Edition, Stop, Tour
from madina.cli import main
from madina.ppp.models import Readiness, Review, Screening


def state() -> dict[str, list]:
    """Every row of Madina's apps, as serialised field values (timestamps of updates excluded)."""
    rows = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("madina."):
            continue
        for model in config.get_models():
            objects = serializers.serialize("python", model.objects.order_by("pk"))
            for obj in objects:
                obj["fields"].pop("updated_at", None)
            rows[model._meta.label] = objects
    return rows


@pytest.mark.django_db
def test_demo_loads_the_2020_caravan_linked_to_the_territory(capsys, client):
    assert main(["demo"]) == 0
    assert "caravan edition" in capsys.readouterr().out
    edition = Edition.objects.get(slug="2020")
    assert edition.stop_count == 33 == edition.stops.count()
    stops = list(Stop.objects.select_related("municipality").filter(tour__is_planned_example=False).order_by("order"))
    assert (len(stops), stops[0].name_fr, stops[-1].name_fr) == (20, "Sbeïtla", "Sakiet Eddaier")
    assert {stop.date.day for stop in stops} == set(range(9, 17)) and edition.days_are_estimated
    assert all(stop.municipality for stop in stops)
    # The northern tour, 29 June - 6 July 2020: a plan Madina computed and published, labelled so.
    north = Tour.objects.get(edition=edition, is_planned_example=True)
    planned = list(north.stops.select_related("team").order_by("order"))
    assert len(planned) == 13 and [s.order for s in planned] == list(range(21, 34))
    assert all(dt.date(2020, 6, 29) <= s.date <= dt.date(2020, 7, 6) and s.starts_at and s.team for s in planned)
    assert north.is_published and north.published_run.result["proven_optimal"]
    assert edition.end_date == dt.date(2020, 7, 6) and edition.tours.count() == 2
    page = client.get("/caravane/2020/").content.decode()
    assert page.index("Tournée du Sud") < page.index("Tournée du Nord (plan calculé)")
    assert "pas le programme historique de la caravane" in page and "pas encore publié" not in page
    screenings = Screening.objects.filter(project__stop__edition=edition)
    assert screenings.count() >= 7 and {s.stage for s in screenings} >= {
        Readiness.IDEA, Readiness.PREFEASIBILITY, Readiness.STRUCTURED, Readiness.MARKET_SOUNDING}
    assert screenings.filter(review=Review.SUBMITTED).exists()
    open_to_investors = screenings.filter(stage=Readiness.MARKET_SOUNDING)
    assert open_to_investors.count() >= 2 and all(s.rounds.count() == 1 for s in open_to_investors)
    for screening in open_to_investors:
        sent = list(screening.interests.select_related("company"))
        assert len({i.company.country for i in sent}) == 3 and any(i.answer for i in sent)
        assert screening.rounds.get().answers.count() == 3


@pytest.mark.django_db
def test_running_demo_twice_changes_nothing():
    assert main(["demo", "--quiet"]) == 0
    first = state()
    assert main(["demo", "--quiet"]) == 0
    second = state()
    assert {label: len(rows) for label, rows in second.items()} == {label: len(rows) for label, rows in first.items()}
    assert second == first


@pytest.mark.django_db
def test_the_demo_readiness_campaign_has_municipalities_at_every_step(client):
    from madina.assessment.models import Assessment

    assert main(["demo", "--quiet"]) == 0
    states = dict(Assessment.objects.values_list("state").annotate(n=Count("pk")))
    assert states == {"validated": 7, "submitted": 3, "changes": 2, "draft": 3, "invited": 5}
    verdicts = set(Assessment.objects.filter(state="validated").values_list("verdict", flat=True))
    assert len(verdicts) >= 2, "the demo shows more than one verdict"
    assert client.get("/evaluation/maturite-caravane-2020/").status_code == 200


@pytest.mark.django_db
def test_the_demo_process_asks_the_quality_of_life_survey(client):
    from madina.surveys.models import Survey

    assert main(["demo", "--quiet"]) == 0
    survey = Survey.objects.get()
    assert survey.response_count == 3 == survey.responses.exclude(paper_form="").count()
    assert client.get(f"/enquetes/{survey.slug}/resultats/").status_code == 200
