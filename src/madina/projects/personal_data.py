"""What the catalogue holds about a person (accounts.personal_data): the projects they follow and, for staff,
the scores they gave. Erasing drops the follows (keeping follower counts); scores stay, by the erased account."""

from __future__ import annotations

from . import services
from .models import Follow, Score


def export(user) -> dict:
    return {
        "followed_projects": list(Follow.objects.filter(user=user).values_list("project_id", flat=True)),
        "scores": [{"project": s.project_id, "criterion": s.criterion_id, "value": s.value, "comment": s.comment}
                   for s in Score.objects.filter(evaluator=user)],
    }


def erase(user) -> None:
    services.forget_follows(user)
