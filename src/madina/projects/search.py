"""Search text folded the same way for what is stored and what is typed, so that "Sbeitla" finds "Sbeïtla"
and "مدينة" finds "مَدِينَة" with a plain substring match that SQLite and PostgreSQL both index the same way."""

import re
import unicodedata

# Arabic letters that people type interchangeably: hamza seats, alif maqsura, ta marbuta, tatweel.
_ARABIC_FOLD = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None, "ٱ": "ا"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, no accents or Arabic short vowels, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare.casefold().translate(_ARABIC_FOLD)).strip()


def terms(query: str) -> list[str]:
    return [t for t in fold(query).split(" ") if t]
