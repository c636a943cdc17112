"""Background tasks through the database queue: `.venv/bin/python bench/tasks.py [--tasks N] [--workers 1,3]`.

Enqueues N tasks that do nothing (so that the figure is the queue's own cost: claim under a row lock, run, store
the result) into a throw-away database (SQLite on disk by default; PostgreSQL when DATABASE_URL is set: a `test_`
database, the configured one is never touched), then starts W `madina db_worker --batch` processes and times them
until the queue is empty. It prints tasks per second per worker count and checks that each task ran once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # the benches' default is a dummy queue

from djangobench import test_database  # first of Django: it sets Django up

# isort: split
from django.db import connection
from django_tasks_db.models import DBTaskResult
from queued import noop

BENCH = Path(__file__).resolve().parent


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def run(tasks: int, workers: int) -> float:
    DBTaskResult.objects.all().delete()
    for number in range(tasks):
        noop.enqueue(number)
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
           "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    start = time.perf_counter()
    processes = [
        subprocess.Popen([sys.executable, "-m", "madina.cli", "db_worker", "--batch", "--no-reload",
                          "--no-startup-delay", "--interval", "0.05", "--verbosity", "0", "--worker-id", f"bench{n}"],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for n in range(workers)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=600)
        if process.returncode:
            raise SystemExit(f"a worker failed: {err[-2000:]}")
    seconds = time.perf_counter() - start
    rows = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(rows) == tasks and all(status == "SUCCESSFUL" for status, _ in rows), "a task did not run"
    assert all(len(ids) == 1 for _, ids in rows), "a task was claimed twice"
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", default="1,3")
    args = parser.parse_args()
    with test_database(on_disk=True):
        print(f"database: {connection.vendor}; {args.tasks} tasks that do nothing")
        for workers in (int(w) for w in args.workers.split(",")):
            seconds = run(args.tasks, workers)
            print(f"  {workers} worker(s): {args.tasks / seconds:8.1f} tasks/s ({seconds:.1f} s, start-up included)")
        print("OK: every task ran once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
