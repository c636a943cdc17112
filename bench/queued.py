"""A task for bench/tasks.py: the worker processes import it by name (they run with bench/ on their path)."""

from django_tasks import task


@task()
def noop(number: int) -> int:
    return number
