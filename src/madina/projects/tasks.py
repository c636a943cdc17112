"""Background entry points of the catalogue; the work is in emails.py."""

from django_tasks import task

from . import emails


@task()
def notify_followers_of_stage_change(change_id: int) -> int:
    """Tell a project's followers that it moved, without making the person who moved it wait."""
    return emails.tell_followers_of_stage_change(change_id)
