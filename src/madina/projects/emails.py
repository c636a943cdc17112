"""E-mails of the catalogue: a project's followers hear that it moved along the pipeline."""

from madina.core import mail

from .models import Follow, StageChange


def tell_followers_of_stage_change(change_id: int) -> int:
    """One e-mail per active follower, each in their own language; returns how many were sent."""
    change = StageChange.objects.select_related("project__municipality").filter(pk=change_id).first()
    if change is None:
        return 0
    follows = (
        Follow.objects.filter(project_id=change.project_id, user__is_active=True).exclude(user__email="")
        .select_related("user").order_by("pk")
    )
    context = {"change": change, "project": change.project}
    with mail.outbox() as box:
        for follow in follows:
            box.send("projects/email/stage_change", mail.recipient(follow.user), context, key=change.pk)
    return box.sent
