"""Exact arithmetic for counts: every number that takes part in a decision is an int or an exact fraction.

gmpy2's `mpq` is `Q` when it is installed (it is much faster than `fractions.Fraction` and is what pabutools
computes with); the standard library's Fraction otherwise. gmpy2 is loaded when `Q` is first asked for (it
costs a tenth of a second), so reading a file and counting greedy do without it. Floats appear only when a
number is shown.
"""

from __future__ import annotations

import re

__all__ = ["LARGEST", "as_int_if_whole", "ceil", "format_number", "parse_number", "to_float"]

LARGEST = 10**15  # no cost, budget or score of a real election comes near; beyond it a file is refused
_LONGEST = 64  # characters of a number's text: longer is refused before any arithmetic
_EXPONENT = re.compile(r"[eE]([+-]?\d+)$")
_WHOLE = re.compile(r"[+-]?\d+")  # most numbers in a file: read without the fractions module (start-up)


def __getattr__(name: str):
    if name == "Q":  # `from madina.pb.exact import Q` loads gmpy2 then, once
        try:  # pragma: no cover - which branch runs depends on the environment
            from gmpy2 import mpq as fast
        except ImportError:  # pragma: no cover
            from fractions import Fraction as fast
        globals()["Q"] = fast
        return fast
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_number(text: str, *, decimal_comma: bool = True):
    """An exact number from a Pabulib field: "1500", "1500.50", "1500,50" (comma decimal mark), "3/4".

    Returns an int when the value is whole (as pabutools does for costs) and an exact fraction otherwise.
    Raises ValueError with the offending text, at once, for what no election holds and what would stall the
    count: not finite (inf, nan), more than 10^15 in size, an exponent beyond 30, more than 64 characters.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        raw = raw.replace(",", ".")
    if not raw:
        raise ValueError("empty number")
    shown = text.strip()[:_LONGEST]
    if raw.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        raise ValueError(f"not a finite number: {shown!r}")
    if len(raw) > _LONGEST:
        raise ValueError(f"a number of more than {_LONGEST} characters: {shown!r}...")
    exponent = _EXPONENT.search(raw)
    if exponent and abs(int(exponent.group(1))) > 30:  # 9e999999999 would take minutes to expand: refuse now
        raise ValueError(f"out of range (more than 10^15 or too small to count): {shown!r}")
    if _WHOLE.fullmatch(raw):
        value = int(raw)
        if abs(value) > LARGEST:
            raise ValueError(f"more than 10^15: {shown!r}")
        return value
    from fractions import Fraction

    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {shown!r}") from None
    if abs(value) > LARGEST:
        raise ValueError(f"more than 10^15: {shown!r}")
    return as_int_if_whole(value)


def as_int_if_whole(value):
    """An int when `value` is whole, else an exact fraction (Q)."""
    from fractions import Fraction

    value = Fraction(value.numerator, value.denominator) if not isinstance(value, int) else value
    if isinstance(value, int) or value.denominator == 1:
        return int(value)
    return __getattr__("Q")(value.numerator, value.denominator)


def format_number(value) -> str:
    """The exact decimal text of a number, as Pabulib writes it ("1500", "0.25"); "p/q" if it has no decimal form."""
    if isinstance(value, int):
        return str(value)
    from fractions import Fraction

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
