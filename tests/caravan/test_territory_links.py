"""With the territory loaded, each 2020 stop is linked to its governorate and municipality despite spellings."""

import datetime as dt

import pytest

from madina.caravan import queries
from madina.caravan.demo import load_2020_edition
from madina.caravan.importer import import_edition_csv
from madina.caravan.matching import name_key
from madina.core.permissions import OPERATOR
from madina.territory.models import Municipality


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kerkennah", "KERKENAH"), ("Métlaoui", "METLAOUI"), ("ساقية الدائر", "ساقیة الدایر"), ("سبيطلة", "سبیطلة")],
)
def test_spellings_of_one_place_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_every_2020_stop_is_linked_to_its_municipality(territory):
    edition = load_2020_edition()
    stops = list(edition.stops.select_related("municipality__governorate", "governorate").order_by("order"))
    assert all(stop.municipality for stop in stops), [s.name_fr for s in stops if not s.municipality]
    assert all(stop.municipality.governorate == stop.governorate for stop in stops)
    linked = {stop.name_fr: (stop.municipality.name_ar, stop.governorate.iso_code) for stop in stops}
    assert linked["Hezoua"] == ("حزوة", "TN-72")
    assert linked["Kerkennah"] == ("قرقنة", "TN-61")
    assert linked["El Hamma"] == ("الحامة", "TN-81")  # Gabès, not El Hamma du Jérid
    assert linked["Douz"][1] == "TN-73"


def test_the_programme_reads_no_boundary_of_the_linked_places(territory):
    """Pages name and link a stop's municipality and governorate; the map draws outlines from the API."""
    stops = queries.stops_of(load_2020_edition())
    assert all("geometry" in stop.municipality.get_deferred_fields() for stop in stops)
    assert all("geometry" in stop.governorate.get_deferred_fields() for stop in stops)


def test_stops_stay_unlinked_when_the_territory_is_not_loaded(db):
    edition = load_2020_edition()
    assert not edition.stops.filter(municipality__isnull=False).exists()
    assert not edition.stops.filter(governorate__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "governorate", "lat", "lon", "linked"),
    [
        ("Oasis de Tozeur", "Tozeur", 33.91968, 8.13352, "Tozeur"),  # no such name: placed by its point
        ("Chott el Jérid", "Tozeur", 33.7, 8.4, None),  # a salt lake, in no municipality
        ("Oasis de Tozeur", "Gafsa", 33.91968, 8.13352, None),  # the point is in another governorate
    ],
)
def test_a_stop_whose_name_matches_nothing_is_placed_by_its_point(territory, tmp_path, name, governorate, lat,
                                                                   lon, linked):
    path = tmp_path / "stops.csv"
    day = dt.date(2020, 1, 1)
    path.write_text(f"order,name_fr,governorate,lat,lon\n1,{name},{governorate},{lat},{lon}\n", encoding="utf-8")
    edition = import_edition_csv(path, OPERATOR, slug="t", name_fr="T", start_date=day, end_date=day)
    stop = edition.stops.select_related("municipality", "governorate").get()
    assert stop.governorate.name_fr == governorate
    assert (stop.municipality.name_fr if stop.municipality else None) == linked
    assert Municipality.objects.filter(governorate__name_fr=governorate).exists()
