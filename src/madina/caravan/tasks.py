"""Background entry points of the caravan; the work is in runs.py (planning a tour takes seconds to a minute)
and emails.py (registration e-mails)."""

from django_tasks import task

from . import emails, runs


@task()
def run_plan(run_id: int) -> str:
    return runs.execute_plan_run(run_id)


@task()
def send_registration_email(registration_id: int, kind: str) -> int:
    return emails.send_registration_email(registration_id, kind)
