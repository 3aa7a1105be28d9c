"""manage.py restore FOLDER [--database-url URL] [--media-root DIR] [--noinput]

Puts a backup of `manage.py backup` back: the database (pg_restore --clean into the configured
database, or the one of --database-url; on SQLite the file is replaced) and the media files
(exactly those of the backup), then checks the row counts and checksums of its manifest and
exits non-zero on any difference. `make restore BACKUP=FOLDER` runs it.
"""

from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from core.backup import BackupError, Database, backup_restore


class Command(BaseCommand):
    help = "Restore a backup of the database and the uploaded files, then check it."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by manage.py backup.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database (it must exist) instead of the configured one.",
        )
        parser.add_argument(
            "--media-root", type=Path, help="Restore the files here instead of MEDIA_ROOT."
        )
        parser.add_argument("--noinput", action="store_true", help="Do not ask for a confirmation.")

    def handle(self, *args, folder: Path, database_url, media_root, noinput: bool, **options):
        if database_url:
            target = Database.from_django(dj_database_url.parse(database_url))
        else:
            target = Database.from_django(connection.settings_dict)
        media_root = media_root or Path(settings.MEDIA_ROOT)
        if not noinput:
            answer = input(
                f"Everything in the database {target.settings['NAME']} and under {media_root} "
                "will be replaced by the backup. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        # The restore replaces the tables under this process's own connections.
        connections.close_all()
        try:
            manifest = backup_restore(folder=folder, target=target, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(manifest['tables'])} "
            f"tables and {len(manifest['media'])} files match its manifest."
        )
