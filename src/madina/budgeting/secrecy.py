"""Keyed hashes: the ballot link, census identifiers and voting codes are stored only as HMAC-SHA256 digests.

The key is MADINA_BALLOT_KEY (not SECRET_KEY, so that rotating the latter keeps every voter's ballot), and census
identifiers and codes also get the budget's own random salt, so the same CIN number gives unrelated digests in two
budgets and a stolen table cannot be checked against a list of CIN numbers without the key.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

# No 0/O, 1/I/L: codes are read off paper and typed.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
IDENTIFIER = re.compile(r"^(?=.*[0-9])[A-Z0-9]{4,20}$")  # at least one digit: a header line is not one


def _digest(purpose: str, value: str) -> str:
    return salted_hmac(
        f"madina.budgeting.{purpose}", value, secret=settings.MADINA_BALLOT_KEY, algorithm="sha256"
    ).hexdigest()


def ballot_link(budget_id: int, voter_key: str) -> str:
    return _digest("ballot", f"{budget_id}:{voter_key}")


ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""Arabic-Indic and Persian digits, which an Arabic keyboard types, read as the register's digits."""


def normalise_identifier(text: str) -> str:
    """CIN numbers are written with spaces, dashes or dots; compare them without."""
    return re.sub(r"[\s.\-/]", "", (text or "").translate(ASCII_DIGITS)).upper()


def census_digest(salt: str, identifier: str) -> str:
    return _digest("census", f"{salt}:{normalise_identifier(identifier)}")


BIRTH_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
POSTAL_CODE = re.compile(r"^[0-9]{4}$")  # Tunisian postal codes


def normalise_fact(kind: str, text: str) -> str | None:
    """The second fact of a census line as compared (a birth date in ISO form, a postal code of four digits), or
    None when it is not one. The register's usual ways of writing a date are read (2001-03-09, 09/03/2001)."""
    text = (text or "").translate(ASCII_DIGITS).strip()
    if kind == "postal_code":
        return text if POSTAL_CODE.match(text) else None
    for layout in BIRTH_DATE_FORMATS:
        try:
            born = datetime.datetime.strptime(text, layout).date()
        except ValueError:
            continue
        return born.isoformat() if 1900 <= born.year <= datetime.date.today().year else None
    return None


def fact_digest(salt: str, kind: str, fact: str) -> str:
    """`fact` as given by normalise_fact."""
    return _digest(f"census.{kind}", f"{salt}:{fact}")


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-]", "", text or "").upper()


def code_digest(salt: str, code: str) -> str:
    return _digest("code", f"{salt}:{normalise_code(code)}")
