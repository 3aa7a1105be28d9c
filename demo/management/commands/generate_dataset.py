"""Build a realistic data set over twenty years, fast: 100,000 households in a few minutes.

    manage.py generate_dataset --households 100000 --seed 1

Households are referred between twenty years ago and today and walk the funnel (workshop,
diagnostic, plan, referrals to partners, move, follow-ups) with the programme's usual rates and
delays; old cases end withdrawn or closed, recent ones are still in progress. The money side
comes with them unless --no-funding (demo/dataset/funding.py): funders, grants, evidence of
status, staff costs and time, timesheets and expenses. The same seed
gives the same households. Rows are written with bulk inserts, bypassing the services (and so
the change history), one transaction per batch: meant for benchmarks and demonstrations, never
for a production database.
"""

import datetime
import random
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.dates import today as paris_today
from demo.dataset.cases import CaseFactory
from demo.dataset.people import DAY, years_before
from demo.dataset.setup import build_context
from demo.dataset.writer import Writer

YEARS = 20


def referral_dates(rng: random.Random, count: int, start: datetime.date, today: datetime.date):
    """`count` dates from `start` to today, sorted, more of them in recent years (the
    programme grew), so that references are numbered in date order within a year."""
    span = (today - start).days
    dates = []
    for _ in range(count):
        position = rng.random() if rng.random() < 0.5 else rng.random() ** 0.5
        dates.append(start + int(position * span) * DAY)
    dates.sort()
    return dates


class Command(BaseCommand):
    help = "Generate a realistic, reproducible data set of N households over twenty years."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, required=True, help="How many households.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data.")
        parser.add_argument(
            "--no-funding",
            action="store_true",
            help="Leave out the money side (grants, evidence, staff time, expenses).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Households written per transaction."
        )

    def handle(
        self, *args, households: int, seed: int, batch_size: int, no_funding=False, **options
    ):
        if households <= 0:
            raise CommandError("--households must be a positive number of households.")
        if batch_size <= 0:
            raise CommandError("--batch-size must be a positive number.")
        began = time.perf_counter()
        today = paris_today()
        start = years_before(today, YEARS, 0)

        # Separate generators, so that the directory, the workshops' details and the
        # households do not shift one another when one of them changes.
        context = build_context(
            rng=random.Random(f"{seed}-directory"), households=households, start=start
        )
        writer = Writer(ctx=context, rng=random.Random(f"{seed}-sessions"), today=today)
        rng = random.Random(f"{seed}-households")
        factory = CaseFactory(rng, today, context)
        dates = referral_dates(rng, households, start, today)
        if not no_funding:
            writer.add_funding(
                rng=random.Random(f"{seed}-funding"),
                start=start,
                households_by_year=Counter(day.year for day in dates),
            )
        for first in range(0, households, batch_size):
            cases = [factory.case(day) for day in dates[first : first + batch_size]]
            writer.write(cases)
            done = first + len(cases)
            self.stdout.write(
                f"{done:>9,} / {households:,} households · {time.perf_counter() - began:7.1f} s"
            )
        writer.finish(start=start)
        if connection.vendor == "postgresql":
            # Fresh bulk loads have no planner statistics until autovacuum comes by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        for label, count in writer.counts.items():
            self.stdout.write(f"  {label:<26} {count:>10,}")
        elapsed = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(f"Generated {households:,} households in {elapsed:.1f} s.")
        )
