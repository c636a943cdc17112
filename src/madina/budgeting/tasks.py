"""Background entry point of budgeting; the work is in counting.py (madina.pb can take seconds on a large
vote)."""

from django_tasks import task

from . import counting, emails


@task()
def count_budget(budget_id: int) -> list[str]:
    return counting.count(budget_id)["selected"]


@task()
def send_eligibility_alert(budget_id: int, refused: int, minutes: int) -> int:
    return emails.send_eligibility_alert(budget_id, refused, minutes)
