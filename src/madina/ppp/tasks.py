"""Background entry points of the PPP catalogue; the work is in emails.py and sheets.py."""

from django_tasks import task

from . import emails, sheets


@task()
def notify_interest(interest_id: int) -> int:
    return emails.tell_of_interest(interest_id)


@task()
def notify_answer(interest_id: int) -> int:
    return emails.tell_company_of_answer(interest_id)


@task()
def notify_round(round_id: int) -> int:
    return emails.tell_of_round(round_id)


@task()
def notify_decision(event_id: int) -> int:
    return emails.tell_of_decision(event_id)


@task()
def prepare_sheets(project_id: int) -> int:
    return sheets.prepare(project_id)
