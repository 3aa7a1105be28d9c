"""Recompute every household's milestone row from its events (reporting.milestones)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from reporting.milestones import milestones_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the indicators' milestone row of every household from its status changes, "
        "workshop attendances and interviews (after rows were written outside the services)."
    )

    def handle(self, *args, **options):
        began = time.perf_counter()
        with transaction.atomic():
            rows = milestones_rebuild()
        elapsed = time.perf_counter() - began
        self.stdout.write(f"{rows} milestone rows recomputed in {elapsed:.1f} s.")
