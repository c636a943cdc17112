"""A task for tests/core/test_workers.py, importable by the worker processes (they run from the repository)."""

import os
import time

from django_tasks import task


@task()
def mark(directory: str, number: int) -> None:
    """Leaves a file named after its number; a second run of the same task fails on the file already there."""
    with open(os.path.join(directory, str(number)), "x") as done:
        done.write(str(os.getpid()))
    time.sleep(0.02)  # long enough for the workers to overlap
