"""Text as people type it, folded once for every search of every app.

People search with or without accents ("Sbeitla" for "Sbeïtla"), with Persian keyboards (ی, ک), with or without
hamzas, vowel marks and tatweel, and place names arrive written "Sidi_Bouzid" or "Sidi-Bouzid". One fold serves the
stored search columns and the typed query alike, so a plain substring match finds them on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata

# Letters of Persian and Urdu keyboards that read as an Arabic letter: shown and searched as that letter.
_ARABIC_LETTERS = {
    "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي",  # Farsi, Pashto and Kurdish yeh
    "ک": "ك", "ڪ": "ك",  # keheh, swash kaf
    "ھ": "ه", "ە": "ه", "ہ": "ه", "ۀ": "ة", "ۃ": "ة",  # heh forms and heh with hamza / goal
}
_DISPLAY = str.maketrans(_ARABIC_LETTERS)

# For matching only, after the display letters: letters people write interchangeably. Hamza carriers (أ إ آ ؤ ئ) decompose into their base
# letter and a combining hamza or madda, which the fold drops with the other marks.
_MATCH = str.maketrans({
    "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",  # alef wasla and alef with wavy hamza
    "ى": "ي",  # alef maksura
    "ة": "ه",  # teh marbuta
    "ء": None, "ـ": None,  # lone hamza, tatweel
    "œ": "oe", "æ": "ae",
})
_NOT_WORD = re.compile(r"[\W_]+")


def arabic_letters(text: str) -> str:
    """Arabic written with Arabic letters only (a Persian ی shown as ي) and single spaces: for display."""
    return " ".join((text or "").translate(_DISPLAY).split())


def _digit(char: str) -> str:
    """Arabic-Indic and Persian digits as ASCII, so "٢٠٢٠" finds 2020."""
    value = unicodedata.digit(char, None)
    return str(value) if value is not None else char


def fold(text: str) -> str:
    """The search form of a text: lower case, no accent, no Arabic vowel mark, one spelling per letter group,
    words separated by single spaces (underscores, hyphens and apostrophes separate words too)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(_digit(c) if c.isdigit() else c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold().translate(_DISPLAY).translate(_MATCH)).split())


def terms(query: str) -> list[str]:
    """The words of a typed query, folded: a row matches when its folded text contains every one."""
    return fold(query).split()


def search_text(*texts: str | None) -> str:
    """What a row stores for search: its texts folded, each once, apart so that no word runs into the next."""
    return " | ".join(dict.fromkeys(folded for folded in map(fold, texts) if folded))


def whole_number(text, *, digits: int = 9) -> int | None:
    """The whole number `text` writes in ASCII digits (at most `digits` of them), or None. str.isdigit() alone also
    takes "²" and other characters that int() refuses: a server error wherever an address, a form or a setting
    carries one."""
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
