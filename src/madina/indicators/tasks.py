"""Background entry point of the indicators: the work is in runs.py."""

from django_tasks import task

from . import runs


@task()
def compute_indicators() -> int:
    return runs.compute_all().values_written
