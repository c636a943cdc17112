"""The 2020 edition of the national caravan, as announced: its stops come from data/caravan/caravan-2020.csv.

The organisers published the order of the 20 stops and the dates of the tour (9 to 16 March 2020), not the day
of each stop, so the import spreads the stops over the 8 days in order (services.spread_over_days) and marks
the days as estimated.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_noop

from madina.core.permissions import OPERATOR

from .importer import import_edition_csv
from .models import Edition

EDITION_2020 = {
    "slug": "2020",
    "number": 2,
    "start_date": dt.date(2020, 3, 9),
    "end_date": dt.date(2020, 3, 16),
    "name_fr": "Caravane nationale « Tunisian Smart Cities » 2020",
    # The mark after the closing quote (RLM) keeps the year on the Arabic side of the Latin name.
    "name_ar": "القافلة الوطنية «Tunisian Smart Cities»\u200f 2020",
    "name_en": "National caravan “Tunisian Smart Cities” 2020",
    "description_fr": (
        "Deuxième édition de la caravane nationale de sensibilisation aux villes intelligentes et durables : "
        "20 villes en 8 jours, de Sbeïtla à Sakiet Eddaier, du 9 au 16 mars 2020."
    ),
    "description_ar": (
        "الدورة الثانية للقافلة الوطنية للتحسيس بالمدن الذكية والمستدامة: "
        "20 مدينة في 8 أيام، من سبيطلة إلى ساقية الدائر، من 9 إلى 16 مارس 2020."
    ),
    "description_en": (
        "Second edition of the national awareness caravan for smart and sustainable cities: "
        "20 cities in 8 days, from Sbeïtla to Sakiet Eddaier, 9 to 16 March 2020."
    ),
    "source": gettext_noop("Ordre annoncé par les organisateurs ; coordonnées GeoNames (data/SOURCES.md)."),
    "is_published": True,
}
# The position notes of data/caravan/caravan-2020.csv, for the catalogues: a page shows a stop's note in the
# reader's language when the catalogues know it (caravan/_position_note.html), as the organiser typed it otherwise.
POSITION_NOTES_2020 = (
    gettext_noop("El Hamma de Gabès (pas El Hamma du Jérid)"),
    gettext_noop("aussi le port du bac pour Kerkennah"),
    gettext_noop("approximative : centre du polygone de la municipalité"),
    gettext_noop("approximative : centre de l'île ; bac Sfax - Sidi Youssef (34.655 10.972) en 60 min environ"),
)


def load_2020_edition() -> Edition:
    return import_edition_csv(settings.DATA_DIR / "caravan" / "caravan-2020.csv", OPERATOR, **EDITION_2020)
