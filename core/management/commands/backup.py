"""manage.py backup [--output DIR]

A copy of the database (pg_dump, or SQLite's online backup) and of MEDIA_ROOT, with a manifest
of row counts and checksums (core.backup). Prints the folder written; `make backup` runs it.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files, with a manifest to check them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The folder that receives the backup's own folder (default: BACKUP_DIR).",
        )

    def handle(self, *args, output: Path | None, **options):
        destination = output or Path(settings.BACKUP_DIR)
        try:
            folder = backup_create(
                destination=destination, media_root=Path(settings.MEDIA_ROOT), now=timezone.now()
            )
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
