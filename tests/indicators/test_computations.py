"""Madina's own indicators: registered by the apps above at start-up, computed into this year's values."""

from decimal import Decimal

import pytest
from django.utils import timezone
from shapely.geometry import box

from madina.cli import main
from madina.core.errors import NotAllowed
from madina.indicators import services
from madina.indicators.computations import COMPUTATIONS
from madina.indicators.models import Confidence, Framework, Indicator, Value
from madina.territory.models import Perimeter


def test_the_apps_above_register_their_measures_at_start_up():
    assert {"MDN:TER:1", "MDN:PRJ:1", "MDN:PRJ:2", "MDN:PRJ:3", "MDN:PRJ:4", "MDN:PRJ:OPERATION", "MDN:PAR:1",
            "MDN:PAR:2", "MDN:PAR:3", "MDN:PB:1"} <= set(COMPUTATIONS)


def test_a_run_writes_this_years_values_labelled_computed(places, capsys):
    perimeter = Perimeter(municipality=places["gabes"], slug="oasis", name="Oasis", area_ha=Decimal("42.5"))
    perimeter.set_geometry(box(10.09, 33.88, 10.11, 33.90))
    perimeter.save()
    assert main(["indicators", "compute"]) == 0
    assert "computed value(s) written" in capsys.readouterr().out
    indicator = Indicator.objects.get(code="MDN:TER:1")
    assert indicator.framework == Framework.COMPUTED and indicator.title_ar and indicator.title_en
    value = Value.objects.get(indicator=indicator)
    assert (value.municipality, value.year, value.value, value.confidence) == (
        places["gabes"], timezone.localdate().year, Decimal("42.5"), Confidence.COMPUTED)
    assert Indicator.objects.filter(framework=Framework.COMPUTED).count() == len(COMPUTATIONS)
    main(["indicators", "compute"])
    assert Value.objects.get(indicator=indicator).pk == value.pk
    perimeter.delete()
    main(["indicators", "compute"])
    assert not Value.objects.filter(indicator=indicator).exists()


def test_an_organiser_asks_for_a_run_now(people, places, django_capture_on_commit_callbacks):
    with pytest.raises(NotAllowed):
        services.request_computation(people["sfax_municipal"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_computation(people["organiser"])
    assert Indicator.objects.filter(framework=Framework.COMPUTED).exists()
