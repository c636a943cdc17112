"""Clock times and durations as whole minutes, so that every comparison in a plan is exact.

A clock time is minutes since the day's midnight (08:00 is 480); a time past midnight (an evening ferry landing at
00:30) is simply 1440 or more. Durations are minutes too. Text forms: "08:00" for a clock time, "5:30" or "5h30"
or a plain number of minutes for a duration.
"""

from __future__ import annotations

import re

DAY = 24 * 60

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)\s*(?:h|:)\s*(\d{1,2})?\s*(?:min)?|(\d+)\s*min)$")


def parse_clock(text: str) -> int:
    """'08:00' -> 480. Accepts 00:00 to 24:00 (the end of a day)."""
    match = _CLOCK.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"expected a clock time HH:MM, got {text!r}")
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"expected a clock time between 00:00 and 24:00, got {text!r}")
    return hours * 60 + minutes


def parse_duration(value: str | int) -> int:
    """90, '1:30', '1h30', '1 h 30', '90 min' -> 90 minutes."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration (minutes or H:MM), got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"expected a duration of zero or more minutes, got {value}")
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    match = _DURATION.match(value.strip().lower()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"expected a duration (minutes, H:MM or 5h30), got {value!r}")
    if match[3] is not None:
        return int(match[3])
    minutes = int(match[2] or 0)
    if minutes >= 60:
        raise ValueError(f"expected fewer than 60 minutes after the hours, got {value!r}")
    return int(match[1]) * 60 + minutes


def clock(minutes: int) -> str:
    """480 -> '08:00'; a time on the next day shows how many days later: 1470 -> '00:30 (+1)'."""
    days, rest = divmod(minutes, DAY)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{text} (+{days})" if days else text


def human(minutes: int) -> str:
    """330 -> '5 h 30', 300 -> '5 h', 45 -> '45 min'."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
