"""Stops given to tours: pins kept, each tour's share in proportion to its team-days, tours coming out as regions."""

from madina.caravan.assignment import Group, Place, assign

NORTH = [("beja", 36.73, 9.18), ("jendouba", 36.50, 8.78), ("le-kef", 36.17, 8.70), ("tunis", 36.80, 10.18),
         ("ariana", 36.86, 10.19), ("nabeul", 36.45, 10.73)]
SOUTH = [("gabes", 33.88, 10.10), ("medenine", 33.35, 10.50), ("tozeur", 33.92, 8.13), ("gafsa", 34.42, 8.78),
         ("kebili", 33.70, 8.97), ("tataouine", 32.93, 10.45)]


def test_tours_come_out_as_regions_and_pins_are_kept():
    places = [Place(pid, lat, lon) for pid, lat, lon in NORTH + SOUTH]
    places[0] = Place("beja", 36.73, 9.18, group="nord")  # pinned: it seeds the northern tour
    chosen = assign(places, [Group("sud", 8), Group("nord", 8)])
    assert {pid for pid, group in chosen.items() if group == "nord"} == {pid for pid, *_ in NORTH}


def test_a_pin_against_geography_is_kept_and_shares_follow_team_days():
    places = [Place(pid, lat, lon, group="sud" if pid == "tunis" else None) for pid, lat, lon in NORTH + SOUTH]
    chosen = assign(places, [Group("sud", 16), Group("nord", 4)])
    assert chosen["tunis"] == "sud"
    assert sum(1 for group in chosen.values() if group == "nord") <= 4  # 12 x 4/20 x 1.1, rounded up, + 1


def test_one_tour_takes_everything_and_nothing_gives_nothing():
    assert set(assign([Place("a", 36.0, 10.0), Place("b", 35.0, 9.0)], [Group("t", 3)]).values()) == {"t"}
    assert assign([], [Group("t", 3)]) == {}
