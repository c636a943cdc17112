"""Madina's own measures of the territory (the app below indicators): the smart-city perimeters' area."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from madina.territory.models import Perimeter

from .computations import Computation
from .models import Dimension


def perimeter_area() -> dict[int, object]:
    rows = Perimeter.objects.values("municipality_id").annotate(total=Sum("area_ha"))
    return {row["municipality_id"]: row["total"] for row in rows}


def register_all(register) -> None:
    register(Computation(
        code="MDN:TER:1",
        title=_("Superficie des périmètres smart city"),
        unit=_("ha"),
        measure=perimeter_area,
        definition=_("Somme des superficies géodésiques des périmètres smart city dessinés de la municipalité."),
        dimension=Dimension.ECONOMY,
    ))
