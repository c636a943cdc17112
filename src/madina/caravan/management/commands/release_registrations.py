"""`madina release_registrations`: free the places of caravan registrations not confirmed in time.

Registering and confirming already release a stop's expired registrations; this sweep (hourly, from
deploy/systemd/madina-release.timer) keeps the places shown on stop pages and in attendee files true between them.
"""

from django.core.management.base import BaseCommand

from madina.caravan.registrations import release_all_unconfirmed


class Command(BaseCommand):
    help = "Free the places of caravan registrations whose e-mail link was not followed in time."

    def handle(self, *args, **options):
        released = release_all_unconfirmed()
        self.stdout.write(f"{released} registration(s) released")
