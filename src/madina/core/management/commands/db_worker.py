"""`madina db_worker`: django-tasks' database worker, with a heartbeat (core.health) while it runs.

Any number of these may run, on any number of machines: each task is claimed under a row lock (PostgreSQL's
SKIP LOCKED, an exclusive transaction on SQLite) and runs once (tests/core/test_workers.py;
docs/decisions/0004-background-tasks.md).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from madina.core.health import Heartbeat


class Command(DatabaseWorker):
    help = "Run background tasks (caravan plans, e-mails, counts); any number may run side by side."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
