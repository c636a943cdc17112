"""`madina restore DIR`: a backup into an empty database and media folder, checked (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madina.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and media folder, then check it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `madina backup`")

    def handle(self, *args, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        try:
            manifest = restore(folder, self.stdout.write)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {sum(manifest['tables'].values())} rows and {manifest['media']['files']} "
                          f"uploads from {folder}, made {manifest['created_at']}; every table matches.")
