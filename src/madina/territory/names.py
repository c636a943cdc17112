"""Place names as the gazetteer spells them, made readable: "SAKIET EDDAIER" becomes "Sakiet Eddaier".

Arabic names are shown with Arabic letters only (core.text.arabic_letters) and every name is searched with
core.text.fold, like every other text of the site.
"""

from __future__ import annotations

import re


def french_title(text: str) -> str:
    """ "L'ARIANA VILLE" -> "L'Ariana Ville", "EN-NADHOUR" -> "En-Nadhour": each word part capitalised.

    Particles (El, Ben, Bou, Sidi, Oued) keep their capital: in Tunisian place names they are part of the name,
    unlike French "de" or "la" inside a phrase.
    """
    words = " ".join(text.replace(" - ", "-").split()).lower()
    return re.sub(r"(^|[\s\-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), words)
