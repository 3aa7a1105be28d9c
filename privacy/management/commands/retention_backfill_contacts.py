from django.core.management.base import BaseCommand

from privacy.retention_backfill import last_contacts_backfill


class Command(BaseCommand):
    help = "Date each household's last contact from every contact already recorded."

    def handle(self, *args, **options):
        count = last_contacts_backfill()
        self.stdout.write(f"{count} households looked at.")
