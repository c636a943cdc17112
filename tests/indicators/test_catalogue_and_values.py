"""The U4SSC catalogue as the migration loads it, and values as the services store them (checks, permissions,
history on correction)."""

from decimal import Decimal

import pytest

from madina.core.errors import Invalid, NotAllowed, NotFound
from madina.core.permissions import OPERATOR
from madina.indicators import services
from madina.indicators.models import Confidence, Framework, Indicator, Level, Revision, Value


def test_the_catalogue_holds_the_90_u4ssc_codes_in_three_languages(catalogue):
    rows = Indicator.objects.filter(framework=Framework.U4SSC)
    assert rows.count() == 90
    assert all(row.title_fr and row.title_ar and row.title_en for row in rows)
    air = rows.get(code="EN:EN:AQ:1C")
    assert (air.title_en, air.dimension, air.tier) == ("Air Pollution", "EN", "C")
    assert air.measures == "PM 2.5; PM 10; NO2; SO2; O3"
    assert rows.get(code="EC:I:ES:1C").source_uri.startswith("https://data.norge.no/")


def test_an_organiser_adds_a_national_indicator_with_its_own_code(people):
    indicator = services.add_national_indicator(
        people["organiser"], code="iso:37120:5.1", title_fr="Taux de scolarisation des filles",
        title_ar="نسبة تمدرس الفتيات", dimension="SC", unit_fr="%",
    )
    assert (indicator.code, indicator.framework) == ("ISO:37120:5.1", Framework.NATIONAL)
    with pytest.raises(Invalid) as refused:
        services.add_national_indicator(people["organiser"], code="EC:X:1", title_fr="x", dimension="EC")
    assert refused.value.field == "code"
    with pytest.raises(NotAllowed):
        services.add_national_indicator(people["sfax_municipal"], code="INS:POP:1", title_fr="x", dimension="EC")


def test_a_value_is_stored_once_and_a_correction_keeps_the_previous_version(people, places):
    staff = people["sfax_municipal"]
    value, changed = services.record_value(
        staff, "EC:I:ES:3C", year=2024, value="97,5", municipality=places["sfax"], source="STEG",
        confidence=Confidence.MEASURED,
    )
    assert changed and value.value == Decimal("97.5") and value.unit == "%" and value.level == Level.MUNICIPALITY
    assert value.entered_by == staff
    again, changed = services.record_value(
        staff, "EC:I:ES:3C", year=2024, value=97.5, municipality=places["sfax"], source="STEG",
        confidence=Confidence.MEASURED,
    )
    assert not changed and again.pk == value.pk and not Revision.objects.exists()
    corrected, changed = services.record_value(
        staff, "EC:I:ES:3C", year=2024, value="98.1", municipality=places["sfax"], source="STEG 2025",
        confidence=Confidence.MEASURED, note="chiffre révisé",
    )
    assert changed and corrected.pk == value.pk and corrected.value == Decimal("98.1")
    (old,) = Revision.objects.filter(current=corrected)
    assert (old.value, old.source, old.note) == (Decimal("97.5"), "STEG", "")


def test_values_for_a_governorate_and_the_nation(people, places):
    services.record_value(people["sfax_governorate"], "EC:P:EM:1C", year=2023, value=14, governorate=places["sfax_g"])
    services.record_value(people["organiser"], "EC:P:EM:1C", year=2023, value=16.2)
    assert set(Value.objects.values_list("level", flat=True)) == {Level.GOVERNORATE, Level.NATION}
    with pytest.raises(NotAllowed):
        services.record_value(people["sfax_governorate"], "EC:P:EM:1C", year=2023, value=1)
    with pytest.raises(NotAllowed):
        services.record_value(people["sfax_municipal"], "EC:P:EM:1C", year=2023, value=1, municipality=places["gabes"])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": 1800}, "year"),
        ({"year": 2999}, "year"),
        ({"value": "beaucoup"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": "1e30"}, "value"),
        ({"unit": "km"}, "unit"),
        ({"confidence": "computed"}, "indicator"),
        ({"confidence": "guessed"}, "confidence"),
        ({"source": "x" * 301}, "source"),
    ],
)
def test_a_value_that_cannot_be_stored_is_refused_on_its_field(people, places, fields, field):
    arguments = {"year": 2024, "value": 10, "municipality": places["sfax"], **fields}
    with pytest.raises(Invalid) as refused:
        services.record_value(OPERATOR, "EC:I:ES:3C", **arguments)
    assert field in refused.value.errors
    assert not Value.objects.exists()


def test_the_unit_may_be_written_in_any_language(people, places):
    services.record_value(OPERATOR, "SC:EH:H:3C", year=2022, value=80, municipality=places["sfax"],
                          unit="per 100,000 inhabitants")
    services.record_value(OPERATOR, "SC:EH:H:3C", year=2021, value=80, municipality=places["sfax"],
                          unit="لكل 100 000 ساكن")
    assert Value.objects.count() == 2


def test_an_unknown_code_is_not_found(places):
    with pytest.raises(NotFound):
        services.record_value(OPERATOR, "XX:1", year=2024, value=1, municipality=places["sfax"])
