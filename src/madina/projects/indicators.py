"""The catalogue's measures that Madina computes as indicators of each municipality (registered with
madina.indicators, the app below, from ProjectsConfig.ready): projects per stage and per 10,000 inhabitants, the
share in operation, the planned investment per inhabitant."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from madina.indicators.computations import Computation, per_inhabitants

from .models import Project, Stage

NOT_COUNTED = (Stage.MERGED,)
"""A merged project lives on in the project it joined."""


def _counted():
    return Project.objects.exclude(stage__in=NOT_COUNTED)


def project_counts() -> dict[int, int]:
    return dict(_counted().values("municipality_id").annotate(n=Count("pk")).values_list("municipality_id", "n"))


def in_stage(stage: str):
    def measure() -> dict[int, int]:
        return dict(
            _counted().values("municipality_id").annotate(n=Count("pk", filter=Q(stage=stage)))
            .values_list("municipality_id", "n")
        )
    return measure


def share_in_operation() -> dict[int, Decimal]:
    rows = _counted().values("municipality_id").annotate(
        n=Count("pk"), running=Count("pk", filter=Q(stage=Stage.OPERATION))
    )
    return {row["municipality_id"]: Decimal(100 * row["running"]) / row["n"] for row in rows}


def investment_per_inhabitant() -> dict[int, Decimal]:
    rows = (
        _counted().exclude(stage=Stage.ABANDONED).filter(estimated_cost_tnd__isnull=False)
        .values("municipality_id").annotate(total=Sum("estimated_cost_tnd"))
    )
    return per_inhabitants({row["municipality_id"]: row["total"] for row in rows}, 1)


def register_all(register) -> None:
    register(Computation(
        "MDN:PRJ:1", _("Projets au catalogue national"), _("projets"), project_counts,
        _("Projets de la municipalité au catalogue, quel que soit leur stade (les projets fusionnés comptent "
          "dans le projet qu'ils ont rejoint)."),
    ))
    register(Computation(
        "MDN:PRJ:2", _("Projets pour 10 000 habitants"), _("pour 10 000 hab."),
        lambda: per_inhabitants(project_counts(), 10_000),
    ))
    register(Computation(
        "MDN:PRJ:3", _("Part du catalogue en exploitation"), "%", share_in_operation,
        _("Projets en exploitation sur l'ensemble des projets de la municipalité au catalogue."),
        higher_is_better=True,
    ))
    register(Computation(
        "MDN:PRJ:4", _("Investissement prévu par habitant"), _("TND/hab."), investment_per_inhabitant,
        _("Coûts estimés des projets au catalogue (hors abandonnés) divisés par la population."),
    ))
    for stage in Stage:
        if stage in NOT_COUNTED:
            continue
        register(Computation(
            f"MDN:PRJ:{stage.value.upper()}", format_lazy(_("Projets au stade « {} »"), stage.label),
            _("projets"), in_stage(stage.value),
        ))
