"""`madina housekeeping`: every sweep the apps registered (core.housekeeping), once; hourly in production, from
the systemd timer, or with `--every 3600` where no timer runs it (the compose file's `housekeeping` service)."""

import time

from django.core.management.base import BaseCommand, CommandError

from madina.core import housekeeping


class Command(BaseCommand):
    help = ("Run the hourly sweeps: expired rate-limit counters, caravan registrations not confirmed in time, and "
            "whatever else the apps registered.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="run again every SECONDS (at least 60) until stopped, instead of once")

    def handle(self, *args, every=None, **options):
        if every is not None and every < 60:
            raise CommandError("--every takes at least 60 seconds")
        while True:
            for name, changed in housekeeping.run().items():
                self.stdout.write(f"{name}: {changed}")
            if every is None:
                return
            time.sleep(every)
