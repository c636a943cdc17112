"""`madina backup DIR`: the database, the uploads and their manifest into a new folder (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madina.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploads into a new folder, with a manifest of what they hold."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that does not exist yet, or is empty")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder, self.stdout.write)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backed up into {folder} ({sum(manifest['tables'].values())} rows, "
                          f"{manifest['media']['files']} uploads). Keep MADINA_BALLOT_KEY with it.")
