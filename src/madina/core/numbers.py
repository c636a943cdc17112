"""Numbers, amounts, counts and durations as each of the site's languages writes them.

One home for the way a figure reaches a reader, so a page, an e-mail or a chart never groups or spells it
differently. Tunisia writes Western digits in all three languages; only the separators change:
French 1 333 333,33 (no-break space), Arabic 1.333.333,33, English 1,333,333.33. The currency and the duration
units come from the catalogues ("%(amount)s TND" is "%(amount)s د.ت" in Arabic; "3 h 40" is "3 س 40 د"), so
the words follow the language and the digits stay in the order the reader expects.
"""

from decimal import Decimal, InvalidOperation

from django.utils import numberformat, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# (decimal separator, thousands separator) per language; any other language reads as French, the default.
SEPARATORS = {"fr": (",", "\u00a0"), "ar": (",", "."), "en": (".", ",")}


def _separators() -> tuple[str, str]:
    return SEPARATORS.get((get_language() or "fr").split("-")[0], SEPARATORS["fr"])


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def number(value, decimals: int | None = None) -> str:
    """A figure grouped by thousands in the active language: 2800000 -> "2 800 000" in French.

    Without `decimals`, whole numbers show none and others keep what they need, two places at least
    (1333333.33 -> "1 333 333,33", 0.125 -> "0,125"). A value that is not a number comes back as text, unchanged."""
    found = _decimal(value)
    if found is None:
        return "" if value is None else str(value)
    if decimals is None:
        decimals = 0 if found == found.to_integral_value() else max(2, min(3, -found.normalize().as_tuple().exponent))
    decimal_sep, thousand_sep = _separators()
    return numberformat.format(found, decimal_sep, decimal_pos=decimals, grouping=3, thousand_sep=thousand_sep,
                               force_grouping=True)


def money(value) -> str:
    """An amount in dinars with its currency as the language writes it: "1 333 333,33 TND", "1.333.333,33 د.ت"."""
    if _decimal(value) is None:
        return ""
    return _("%(amount)s TND") % {"amount": number(value)}


def votes(count: int) -> str:
    """A number of votes with the plural the language needs ("1 vote", "2 votes")."""
    return ngettext("%(n)s vote", "%(n)s votes", int(count)) % {"n": number(count)}


def duration(minutes) -> str:
    """A length of time in the language's units: 220 -> "3 h 40" (French), "3 س 40 د" (Arabic), "3 h 40 min"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": number(hours)}
    return _("%(hours)s h %(minutes)02d") % {"hours": number(hours), "minutes": rest}


def time_left(until, now=None) -> str:
    """What remains before a deadline, in the unit a reader counts in: days from two days on ("12 jours"),
    else hours and minutes through `duration` ("3 h 40"); nothing left reads "0 min"."""
    seconds = max(0, (until - (now or timezone.now())).total_seconds())
    days = int(seconds // 86400)
    if days >= 2:
        return ngettext("%(n)s jour", "%(n)s jours", days) % {"n": number(days)}
    return duration(seconds // 60)
