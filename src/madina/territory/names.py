"""Place names as people type and read them: French title case, Arabic letters, search keys.

The gazetteer spells names in capitals ("SAKIET EDDAIER"), writes Arabic with a few Persian letters (ی, ک, ھ),
and people search with or without accents and hamzas; one normalisation serves storage and queries alike.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Persian/Urdu keyboards produce and that look like Arabic ones: shown as the Arabic letter.
_ARABIC_DISPLAY = str.maketrans({"ی": "ي", "ک": "ك", "ھ": "ه", "ە": "ه", "ۀ": "ة"})

# For matching only: the letters people use interchangeably (hamza carriers, alif maqsura, ta marbuta).
_ARABIC_SEARCH = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ء": None, "ـ": None}
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")  # harakat, shadda, sukun, Quranic marks
_SEPARATORS = re.compile(r"[\s\-'’‘`/.,()]+")


def arabic_display(text: str) -> str:
    """The Arabic name with Arabic letters only and single spaces."""
    return " ".join(text.translate(_ARABIC_DISPLAY).split())


def french_title(text: str) -> str:
    """ "L'ARIANA VILLE" -> "L'Ariana Ville", "EN-NADHOUR" -> "En-Nadhour": each word part capitalised.

    Particles (El, Ben, Bou, Sidi, Oued) keep their capital: in Tunisian place names they are part of the name,
    unlike French "de" or "la" inside a phrase.
    """
    words = " ".join(text.replace(" - ", "-").split()).lower()
    return re.sub(r"(^|[\s\-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), words)


def search_key(text: str) -> str:
    """Lower case, no accents, no Arabic vowel marks, one spelling per letter group, single spaces."""
    text = arabic_display(text or "").translate(_ARABIC_SEARCH)
    text = _ARABIC_MARKS.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text)
    # Latin accents go; Arabic letters decompose into nothing else, so only combining marks are dropped.
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())
