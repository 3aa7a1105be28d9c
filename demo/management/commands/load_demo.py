"""Load the demo data set; the data and how it is built live in `demo.demo_data`."""

from django.core.management.base import BaseCommand

from demo.demo_data import load_demo


class Command(BaseCommand):
    help = (
        "Load demo sites, one login per role and thirty households along the funnel (idempotent)."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout, style=self.style)
