"""The director's dashboard on the 100,000-household database: queries and time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/dashboard.py [--runs 5] [--families]

Opens the dashboard with Django's test Client as a director, for an early year (few cases),
the last full year, one site only, "since the programme began" (every site and one site), and
limited to the grant with the most eligible households (the last full year and since the
grant began), counting queries with CaptureQueriesContext: the number must not depend on the
amount of data. Each variant's time is the median of `runs` requests (target: under 150 ms):

- cold: the figures' cache emptied before each request (every family computed, as after a
  deployment or on a variant nobody opened since the tables changed);
- warm: nothing changed since the previous request (every family read from the cache);
- after a correction: one interview changed before each request, as when a social worker
  corrects an interview's notes (the families reading interviews are computed again, the
  others read from the cache);
- after a diagnostic: one interview and its household's milestone row changed, as when a
  household's first diagnostic is saved (the families of the milestones computed too).

Run it with REDIS_URL (a Redis database of its own: the cold runs empty it) to measure the
cache production uses; without it the cache is the process's memory. `--families` also times
each family of indicators_for_scope alone (and the grant's eligible households, which
make_scope computes) for every variant.
"""

import argparse
import time

import common

TARGET_MS = 150


def _variants(year: int) -> list[tuple[str, dict]]:
    from accounts.models import Site

    site = Site.objects.order_by("pk").first()
    variants = [
        (f"year {year - 18}", {"year": year - 18}),
        (f"year {year}", {"year": year}),
        (f"year {year}, site {site.code}", {"year": year, "sites": [site.pk]}),
        (f"since the programme began to {year}", {"year": year, "cumulative": "on"}),
        (
            f"since the programme began, site {site.code}",
            {"year": year, "cumulative": "on", "sites": [site.pk]},
        ),
    ]
    grant = _largest_grant(year)
    if grant is not None:
        reference = grant.agreement_reference
        variants += [
            (f"year {year}, grant {reference}", {"year": year, "grant": grant.pk}),
            (
                f"since grant {reference} began",
                {"year": year, "cumulative": "on", "grant": grant.pk},
            ),
        ]
    return variants


def _largest_grant(year: int):
    """The grant running in `year` whose sites hold the most households (the heaviest limit)."""
    from django.db.models import Count

    from funding.models import Grant

    start, end = common.year_bounds(year)
    return (
        Grant.objects.filter(starts_on__lte=end, ends_on__gte=start)
        .annotate(households=Count("sites__households"))
        .order_by("-households", "pk")
        .first()
    )


def _time_families(params: dict) -> list[tuple[str, float]]:
    """Milliseconds of each family of indicators_for_scope for the scope of `params`."""
    from reporting.forms import PeriodForm
    from reporting.indicators.compute import FAMILIES

    form = PeriodForm(params, user=common.director())
    assert form.is_valid(), form.errors
    began = time.perf_counter()
    scope = form.scope()
    timings = [("scope (grant: eligible households)", time.perf_counter() - began)]
    for name, family in FAMILIES.items():
        family(scope)  # warm-up
        began = time.perf_counter()
        family(scope)
        timings.append((name, time.perf_counter() - began))
    return timings


def _correction_saved() -> None:
    """What correcting an interview changes for the figures: the interviews table."""
    _interview_saved(milestones=False)


def _diagnostic_saved() -> None:
    """What a first diagnostic changes for the figures: interviews and the milestone rows."""
    _interview_saved(milestones=True)


def _interview_saved(*, milestones: bool) -> None:
    """What saving an interview changes for the figures, without changing any figure: one
    interview and (`milestones`) its household's milestone row, each changed and put back in
    one transaction (the triggers record the tables as changed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id, household_id FROM interviews_interview ORDER BY id LIMIT 1")
        interview, household = cursor.fetchone()
        changes = [("interviews_interview", "notes", "id", interview)]
        if milestones:
            changes.append(("reporting_householdmilestones", "status", "household_id", household))
        for table, column, key, value in changes:
            # The names are the constants above, never input.
            change = f"UPDATE {table} SET {column} = {column} || '~' WHERE {key} = %s"  # noqa: S608
            undo = f"UPDATE {table} SET {column} = rtrim({column}, '~') WHERE {key} = %s"  # noqa: S608
            cursor.execute(change, [value])
            cursor.execute(undo, [value])


def _timed(client, url, params, runs: int, before=None) -> tuple[float, list, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return common.median(timings) * 1000, timings, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--families", action="store_true")
    args = parser.parse_args()

    common.setup_django()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # lets the test Client's "testserver" host in
    client = Client()
    common.verified_login(client, common.director())
    url = reverse("reporting:dashboard")
    year = common.last_full_year()
    variants = _variants(year)
    client.get(url, {"year": year})  # warm-up: templates, translations
    from django.core.cache import cache

    print(f"machine            {common.machine()}")
    print(f"cache              {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    print(
        f"{'variant':<44} {'cold':>8} {'warm':>8} {'correction':>10} {'diagnostic':>10}"
        "  queries (cold, warm)"
    )
    slowest = {"cold": 0.0, "warm": 0.0, "correction": 0.0, "diagnostic": 0.0}
    counts = {False: set(), True: set()}
    for label, params in variants:
        client.get(url, params)  # warm-up of this variant
        cold, _, cold_queries = _timed(client, url, params, args.runs, before=cache.clear)
        client.get(url, params)
        warm, _, warm_queries = _timed(client, url, params, args.runs)
        corrected, _, _ = _timed(client, url, params, args.runs, before=_correction_saved)
        diagnosed, _, _ = _timed(client, url, params, args.runs, before=_diagnostic_saved)
        counts["grant" in params].add(len(cold_queries))
        measured = {"cold": cold, "warm": warm, "correction": corrected, "diagnostic": diagnosed}
        for name, ms in measured.items():
            slowest[name] = max(slowest[name], ms)
        print(
            f"{label:<44} {cold:6.0f} ms {warm:5.0f} ms {corrected:7.0f} ms {diagnosed:7.0f} ms"
            f"  ({len(cold_queries)}, {len(warm_queries)})"
        )
        if args.families:
            for name, seconds in _time_families(params):
                print(f"    {name:<40} {seconds * 1000:7.1f} ms")
            slow = sorted(cold_queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
            for query in slow:
                print(f"    query {float(query['time']) * 1000:6.0f} ms  {query['sql'][:150]}")
    # A grant's scope reads its sites and eligible households first: a few more queries.
    constant = all(len(found) <= 1 for found in counts.values())
    print(f"constant           {'yes' if constant else f'NO: {counts}'}")
    for name, ms in slowest.items():
        print(f"slowest {name:<10} {ms:.0f} ms ({'met' if ms < TARGET_MS else 'MISSED'})")


if __name__ == "__main__":
    main()
