"""What a value must be before it is stored, shared by the services (a person's form, another app's survey
results) and the importer (a file of 315,000 lines), which each say what is wrong in their own words."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from .models import FIRST_YEAR, VALUE_DIGITS, VALUE_PLACES

LARGEST = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
STEP = Decimal(1).scaleb(-VALUE_PLACES)


def last_year() -> int:
    """Values are measured: none after the current year (a target may be later)."""
    return timezone.localdate().year


def year_allowed(year: int, *, future: int = 0) -> bool:
    return FIRST_YEAR <= year <= last_year() + future


def number(raw) -> Decimal | None:
    """`raw` (text with a decimal point or comma, or a number) as a storable Decimal, or None when it is not a
    finite number the column can hold. Rounded to the column's places."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        raw = raw.strip().replace("\u00a0", "").replace(" ", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
    try:
        value = Decimal(str(raw)) if not isinstance(raw, Decimal) else raw
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or abs(value) >= LARGEST:
        return None
    return value.quantize(STEP)


def unit_key(unit: str) -> str:
    """A unit as compared: its symbols kept (core.text.fold drops % and /), case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", unit or "").casefold().split())


def unit_keys(indicator) -> set[str]:
    """The indicator's unit in each language: a file may write it in any of them."""
    return {unit_key(unit) for unit in (indicator.unit_fr, indicator.unit_ar, indicator.unit_en) if unit}


def unit_agrees(keys: set[str], unit: str) -> bool:
    """An empty unit takes the indicator's; an indicator without a unit takes any."""
    return not unit or not keys or unit_key(unit) in keys
