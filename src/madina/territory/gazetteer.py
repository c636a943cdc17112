"""The 24 governorates as the programme names them: ISO 3166-2 codes and the spellings the sources use.

The source files carry legacy codes (CIRC_ID, C_GOUV) that are not ISO 3166-2 and disagree with each other, and
spell names differently ("Mannouba" and "Manouba", "Kef" and "Le Kef"), so governorates are joined by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from madina.core.text import fold


@dataclass(frozen=True)
class GovernorateName:
    iso_code: str
    name_fr: str
    name_en: str
    spellings: tuple[str, ...] = ()


GOVERNORATES = (
    GovernorateName("TN-11", "Tunis", "Tunis"),
    GovernorateName("TN-12", "Ariana", "Ariana", ("L'Ariana",)),
    GovernorateName("TN-13", "Ben Arous", "Ben Arous"),
    GovernorateName("TN-14", "La Manouba", "Manouba", ("Manouba", "Mannouba")),
    GovernorateName("TN-21", "Nabeul", "Nabeul"),
    GovernorateName("TN-22", "Zaghouan", "Zaghouan"),
    GovernorateName("TN-23", "Bizerte", "Bizerte"),
    GovernorateName("TN-31", "Béja", "Beja"),
    GovernorateName("TN-32", "Jendouba", "Jendouba"),
    GovernorateName("TN-33", "Le Kef", "Kef", ("El Kef",)),
    GovernorateName("TN-34", "Siliana", "Siliana"),
    GovernorateName("TN-41", "Kairouan", "Kairouan"),
    GovernorateName("TN-42", "Kasserine", "Kasserine"),
    GovernorateName("TN-43", "Sidi Bouzid", "Sidi Bouzid"),
    GovernorateName("TN-51", "Sousse", "Sousse"),
    GovernorateName("TN-52", "Monastir", "Monastir"),
    GovernorateName("TN-53", "Mahdia", "Mahdia"),
    GovernorateName("TN-61", "Sfax", "Sfax"),
    GovernorateName("TN-71", "Gafsa", "Gafsa"),
    GovernorateName("TN-72", "Tozeur", "Tozeur"),
    GovernorateName("TN-73", "Kébili", "Kebili", ("Kebeli",)),
    GovernorateName("TN-81", "Gabès", "Gabes"),
    GovernorateName("TN-82", "Médenine", "Medenine"),
    GovernorateName("TN-83", "Tataouine", "Tataouine"),
)

_BY_KEY = {
    fold(spelling): g for g in GOVERNORATES for spelling in (g.name_fr, g.name_en, *g.spellings)
}


def governorate_named(name: str) -> GovernorateName | None:
    """The governorate a source calls `name`, whatever its spelling, accents or case."""
    return _BY_KEY.get(fold(name))


# French spellings with accents or article for municipalities whose source name is a bare transliteration.
# Only names the programme writes differently; every other name is the source's, title-cased.
MUNICIPALITY_FRENCH_NAMES = {
    "BEJA": "Béja",
    "GABES": "Gabès",
    "KEBELI": "Kébili",
    "KEF": "Le Kef",
    "MEDENINE": "Médenine",
    "MANNOUBA": "La Manouba",
    "SBEITLA": "Sbeïtla",
    "DJERBA HOUMET SOUK": "Djerba Houmt Souk",
}
