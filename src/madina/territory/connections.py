"""What a place's page shows of the apps above territory: projects, processes, budgets, caravan stops.

Territory sits on layer 2 and imports none of them; each higher app registers, in its `AppConfig.ready`, a
function that answers the section it has for a governorate, a municipality or a perimeter (or None), and the
territory pages draw every section its template names. Each section costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """A block of a place's page: drawn with `template`, which reads `context` (and the page's own `place`)."""

    order: int
    template: str
    context: dict = field(default_factory=dict)


SECTIONS: list[Callable[[object], Section | None]] = []


def register(section: Callable[[object], Section | None]) -> None:
    SECTIONS.append(section)


def sections(place) -> list[Section]:
    """The sections of a Governorate, Municipality or Perimeter, in the order the apps asked for."""
    found = (section(place) for section in SECTIONS)
    return sorted((s for s in found if s is not None), key=lambda s: s.order)


def for_place(place, by_kind: dict[type, T]) -> T | None:
    """What a section keys on for this kind of place (`by_kind` maps Governorate, Municipality and Perimeter to
    a filter path or a parameter name); None for any other object, which then has no section."""
    return next((value for model, value in by_kind.items() if isinstance(place, model)), None)
