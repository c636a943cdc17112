"""Exact arithmetic for counts: every number that takes part in a decision is an int or an exact fraction.

gmpy2's `mpq` is used when it is installed (it is much faster than `fractions.Fraction` and is what pabutools
computes with); the standard library's Fraction otherwise. Floats appear only when a number is shown.
"""

from __future__ import annotations

from fractions import Fraction

try:  # pragma: no cover - which branch runs depends on the environment
    from gmpy2 import mpq as Q
except ImportError:  # pragma: no cover
    Q = Fraction

__all__ = ["Q", "as_int_if_whole", "ceil", "format_number", "parse_number", "to_float"]


def parse_number(text: str, *, decimal_comma: bool = True):
    """An exact number from a Pabulib field: "1500", "1500.50", "1500,50" (comma decimal mark), "3/4".

    Returns an int when the value is whole (as pabutools does for costs) and an exact fraction otherwise.
    Raises ValueError with the offending text.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        raw = raw.replace(",", ".")
    if not raw:
        raise ValueError("empty number")
    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {text.strip()!r}") from None
    return as_int_if_whole(value)


def as_int_if_whole(value):
    """An int when `value` is whole, else an exact fraction (Q)."""
    value = Fraction(value.numerator, value.denominator) if not isinstance(value, int) else value
    if isinstance(value, int) or value.denominator == 1:
        return int(value)
    return Q(value.numerator, value.denominator)


def format_number(value) -> str:
    """The exact decimal text of a number, as Pabulib writes it ("1500", "0.25"); "p/q" if it has no decimal form."""
    f = Fraction(int(value.numerator), int(value.denominator)) if not isinstance(value, int) else Fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    d = f.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{f.numerator}/{f.denominator}"
    digits = max(twos, fives)
    scaled = f * 10**digits
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(int(scaled)), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def ceil(value) -> int:
    """The smallest int not below an exact number (math.ceil of an mpq gives an mpz)."""
    return -(-int(value.numerator) // int(value.denominator))


def to_float(value) -> float:
    """For display only."""
    return float(value)
