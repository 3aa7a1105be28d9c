"""manage.py import_households FILE --site CODE [--dry-run] [--user USERNAME]

The same check and import as the import pages, without the queue: for a first migration of a
site's archive, or a file too large for the browser. It exits non-zero when the file has errors.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Site
from history_import.models import RunStatus
from history_import.services import import_file


class Command(BaseCommand):
    help = "Check, then import, a CSV or XLSX file of past cases for one site."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--site", required=True, help="The site's code.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and write nothing."
        )
        parser.add_argument("--user", help="Who imports (default: the first active superuser).")

    def handle(self, *args, file: Path, site: str, dry_run: bool, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        found = Site.objects.filter(code=site).first()
        if found is None:
            raise CommandError(f"No site has the code {site!r}.")
        by = self._user(user)
        try:
            run = import_file(file.read_bytes(), name=file.name, site=found, by=by, dry_run=dry_run)
        except PermissionDenied as error:
            raise CommandError(f"{by.username} may not import for {found}.") from error
        for error in run.errors:
            self.stdout.write(f"row {error['row']} · {error['column'] or '-'} · {error['message']}")
        counts = ", ".join(
            f"{name} {count}" for name, count in run.summary.items() if name != "written"
        )
        self.stdout.write(f"{run.rows_total} rows · {counts}")
        for name, count in sorted(run.summary.get("written", {}).items()):
            self.stdout.write(f"written {name}: {count}")
        if run.errors:
            raise CommandError(f"{len(run.errors)} errors: nothing was imported.")
        if run.status == RunStatus.IMPORTED:
            self.stdout.write(self.style.SUCCESS(f"Imported {run.file_name} ({run.sha256[:12]})."))
        else:
            self.stdout.write(self.style.SUCCESS("Dry run: no error, nothing written."))

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        found = users.filter(is_superuser=True).order_by("pk").first()
        if found is None:
            raise CommandError("No active superuser: give --user.")
        return found
