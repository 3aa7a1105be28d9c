import datetime

from django.core.management.base import BaseCommand, CommandError

from privacy.retention_run import retention_apply


class Command(BaseCommand):
    help = (
        "Archive the households without contact for RETENTION_INACTIVE_YEARS and anonymise "
        "those no grant's retention keeps any more (what the nightly task does). With "
        "--dry-run, list what would be done and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing.")
        parser.add_argument("--on", help="Apply the rules as on this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"--on must be a date as YYYY-MM-DD, not {on!r}") from None
        run = retention_apply(on=day, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        # References only: the output lands in logs, which must hold no name.
        self.stdout.write(f"{len(run.archived)} households {verb} archived.")
        for reference in run.archived:
            self.stdout.write(f"  archive {reference}")
        self.stdout.write(f"{len(run.anonymised)} households {verb} anonymised.")
        for reference in run.anonymised:
            self.stdout.write(f"  anonymise {reference}")
        self.stdout.write(f"{len(run.kept)} archived households kept by a grant's retention.")
        for reference, grants in sorted(run.kept.items()):
            self.stdout.write(f"  keep {reference}: {', '.join(grants)}")
