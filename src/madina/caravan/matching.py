"""Which governorate and municipality a stop belongs to, when the territory is loaded.

The caravan's list spells places its own way (Kébili, Kerkennah, Hezoua) and the boundary file another (Kebili,
Kerkenah, Hazoua; Arabic with Persian letters such as ی). Names are compared after folding those differences, in
French and in Arabic, within the stop's governorate; a stop whose name matches nothing keeps no municipality.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from madina.territory.models import Governorate, Municipality

_ARABIC_FOLD = str.maketrans(
    {
        "ی": "ي", "ى": "ي", "ئ": "ي", "ې": "ي",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ؤ": "و", "ة": "ه", "ک": "ك", "ـ": None,
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
_ARTICLES = re.compile(r"^(le|la|les|el|l)(?=[a-z])")


def fold_latin(name: str) -> str:
    """Lower case, no accents, no spaces or punctuation, no doubled letters: 'Kerkennah' == 'KERKENAH'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def fold_arabic(name: str) -> str:
    """Arabic without vowel marks, tatweel, spaces, and with the letter variants the sources mix folded."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", name)).translate(_ARABIC_FOLD)
    return re.sub(r"\s+", "", text)


def _governorate_keys(governorate: Governorate) -> set[str]:
    keys = {fold_latin(governorate.slug)}
    for value in (governorate.name_fr, governorate.name_en):
        if value:
            keys.add(fold_latin(value))
            keys.add(_ARTICLES.sub("", fold_latin(value)))
    if governorate.name_ar:
        keys.add(fold_arabic(governorate.name_ar))
    return keys


def _municipality_keys(municipality: Municipality) -> set[str]:
    keys = {fold_latin(value) for value in (municipality.name_fr, municipality.name_en) if value}
    if municipality.name_ar:
        keys.add(fold_arabic(municipality.name_ar))
    return keys


def _stop_keys(stop) -> set[str]:
    keys = {fold_latin(value) for value in (stop.name_fr, stop.name_en) if value}
    if stop.name_ar:
        keys.add(fold_arabic(stop.name_ar))
    return keys


def link_to_territory(stops: Iterable) -> None:
    """Set `governorate` and `municipality` on unsaved or saved stops (two queries for the whole list)."""
    stops = list(stops)
    governorates: dict[str, Governorate] = {}
    for governorate in Governorate.objects.all():
        for key in _governorate_keys(governorate):
            governorates[key] = governorate
    wanted = {}
    for stop in stops:
        key = fold_latin(stop.governorate_name)
        stop.governorate = governorates.get(key) or governorates.get(_ARTICLES.sub("", key))
        if stop.governorate:
            wanted[stop.governorate.pk] = stop.governorate
    by_governorate: dict[int, list[tuple[set[str], Municipality]]] = {}
    for municipality in Municipality.objects.filter(governorate__in=wanted.values()).order_by("pk"):
        by_governorate.setdefault(municipality.governorate_id, []).append(
            (_municipality_keys(municipality), municipality)
        )
    for stop in stops:
        candidates = by_governorate.get(stop.governorate.pk, []) if stop.governorate else []
        keys = _stop_keys(stop)
        stop.municipality = next((m for names, m in candidates if names & keys), None)
