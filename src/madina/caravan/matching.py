"""Which governorate and municipality a stop belongs to, when the territory is loaded.

The caravan's list spells places its own way (Kébili, Kerkennah, Hezoua) and the gazetteer another (Kebili,
Kerkenah, Hazoua). A governorate is found through the gazetteer's spellings (ISO 3166-2 code); a municipality by
its French or Arabic name within that governorate, compared with the territory's search key and doubled letters
folded: the name is what the organisers announced, while a town's point can sit near a boundary. A stop whose
name matches nothing is placed by its point (territory's "which municipality is here"), if that municipality is in
the stop's governorate; otherwise it keeps none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from madina.core.text import fold
from madina.territory.gazetteer import governorate_named
from madina.territory.models import Governorate, Municipality
from madina.territory.queries import locate


def name_key(name: str) -> str:
    """'Kerkennah' and 'KERKENAH', 'ساقية الدائر' and 'ساقیة الدایر' give the same key."""
    return re.sub(r"(.)\1+", r"\1", fold(name).replace(" ", ""))


def _keys(place) -> set[str]:
    return {name_key(value) for value in (place.name_fr, place.name_ar, place.name_en) if value}


def link_to_territory(stops: Iterable) -> None:
    """Set `governorate` and `municipality` on each stop (two queries, and a point lookup per unnamed stop)."""
    stops = list(stops)
    named = [governorate_named(stop.governorate_name) for stop in stops]
    codes = [gazetteer_name.iso_code if gazetteer_name else None for gazetteer_name in named]
    governorates = {g.iso_code: g for g in Governorate.objects.filter(iso_code__in=set(codes) - {None})}
    candidates: dict[int, list[tuple[set[str], Municipality]]] = {}
    municipalities = Municipality.objects.filter(governorate__in=governorates.values()).defer("geometry")
    for municipality in municipalities.order_by("slug"):
        candidates.setdefault(municipality.governorate_id, []).append((_keys(municipality), municipality))
    for stop, code in zip(stops, codes, strict=True):
        stop.governorate = governorates.get(code)
        keys = _keys(stop)
        in_governorate = candidates.get(stop.governorate.pk, []) if stop.governorate else []
        stop.municipality = next((m for names, m in in_governorate if names & keys), None)
        if stop.governorate and stop.municipality is None:
            here = locate(float(stop.latitude), float(stop.longitude))
            stop.municipality = here if here and here.governorate_id == stop.governorate.pk else None
