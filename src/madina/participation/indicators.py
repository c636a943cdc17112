"""E-participation measured by Madina as indicators of each municipality (registered with madina.indicators,
the app below, from ParticipationConfig.ready): this year's participants per 1,000 inhabitants, proposals and
supports in the municipality's published processes."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madina.indicators.computations import Computation, per_inhabitants

from .models import Comment, Proposal, Support


def _this_year(rows, path: str):
    return rows.filter(**{f"{path}process__is_published": True, "created_at__year": timezone.localdate().year})


def proposals() -> dict[int, int]:
    rows = _this_year(Proposal.objects, "").values("process__municipality_id").annotate(n=Count("pk"))
    return {row["process__municipality_id"]: row["n"] for row in rows}


def supports() -> dict[int, int]:
    rows = _this_year(Support.objects, "proposal__").values("proposal__process__municipality_id").annotate(n=Count("pk"))
    return {row["proposal__process__municipality_id"]: row["n"] for row in rows}


def participants() -> dict[int, int]:
    """Distinct people who proposed, commented or supported this year, by municipality."""
    people: dict[int, set] = defaultdict(set)
    for rows, path, person in (
        (Proposal.objects, "", "author_id"),
        (Comment.objects, "proposal__", "author_id"),
        (Support.objects, "proposal__", "user_id"),
    ):
        for municipality_id, person_id in _this_year(rows, path).filter(**{f"{person}__isnull": False}).values_list(
            f"{path}process__municipality_id", person
        ).distinct():
            people[municipality_id].add(person_id)
    return {municipality_id: len(ids) for municipality_id, ids in people.items()}


def register_all(register) -> None:
    register(Computation(
        "MDN:PAR:1", _("Participants en ligne pour 1 000 habitants"), _("pour 1 000 hab."),
        lambda: per_inhabitants(participants(), 1_000),
        _("Personnes ayant proposé, commenté ou soutenu cette année dans les concertations de la municipalité."),
        higher_is_better=True,
    ))
    register(Computation(
        "MDN:PAR:2", _("Propositions citoyennes de l'année"), _("propositions"), proposals, higher_is_better=True,
    ))
    register(Computation(
        "MDN:PAR:3", _("Soutiens aux propositions de l'année"), _("soutiens"), supports, higher_is_better=True,
    ))
