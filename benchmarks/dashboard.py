"""The director's dashboard on the 100,000-household database: queries and time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/dashboard.py [--runs 5] [--families]

Opens the dashboard with Django's test Client as a director, for an early year (few cases),
the last full year, one site only, "since the programme began" (every site and one site), and
limited to the grant with the most eligible households (the last full year and since the
grant began), counting queries with CaptureQueriesContext: the number must not depend on the
amount of data. Each variant's time is the median of `runs` requests after one warm-up
(target: under 150 ms). `--families` also times each family of indicators_for_scope alone
(and the grant's eligible households, which make_scope computes) for every variant.
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
    from reporting import indicators as ind
    from reporting.forms import PeriodForm

    form = PeriodForm(params, user=common.director())
    assert form.is_valid(), form.errors
    began = time.perf_counter()
    scope = form.scope()
    timings = [("scope (grant: eligible households)", time.perf_counter() - began)]
    families = {
        "relocations": ind.relocation_indicators,
        "workshops": ind.workshop_indicators,
        "interviews": ind.interview_indicators,
        "funnel": ind.funnel_indicators,
        "reception centres": ind.reception_centre_indicators,
        "trainings": ind.training_indicators,
        "durations": ind.duration_indicators,
        "follow-ups": ind.followup_indicators,
        "withdrawals": ind.withdrawal_indicators,
        "caseload": ind.caseload_indicators,
    }
    for name, family in families.items():
        family(scope)  # warm-up
        began = time.perf_counter()
        family(scope)
        timings.append((name, time.perf_counter() - began))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--families", action="store_true")
    args = parser.parse_args()

    common.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # lets the test Client's "testserver" host in
    client = Client()
    common.verified_login(client, common.director())
    url = reverse("reporting:dashboard")
    year = common.last_full_year()
    variants = _variants(year)
    client.get(url, {"year": year})  # warm-up: templates, translations
    print(f"machine            {common.machine()}")
    counts, slowest = {False: set(), True: set()}, 0.0
    for label, params in variants:
        client.get(url, params)  # warm-up of this variant
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url, params)
                timings.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
        counts["grant" in params].add(len(queries))
        ms = common.median(timings) * 1000
        slowest = max(slowest, ms)
        print(
            f"{label:<44} {len(queries):3d} queries  {ms:7.0f} ms"
            f"  (runs {min(timings) * 1000:.0f}–{max(timings) * 1000:.0f})"
        )
        if args.families:
            for name, seconds in _time_families(params):
                print(f"    {name:<40} {seconds * 1000:7.1f} ms")
            slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
            for query in slow:
                print(f"    query {float(query['time']) * 1000:6.0f} ms  {query['sql'][:150]}")
    # A grant's scope reads its sites and eligible households first: a few more queries.
    constant = all(len(found) <= 1 for found in counts.values())
    print(f"constant           {'yes' if constant else f'NO: {counts}'}")
    print(f"slowest            {slowest:.0f} ms ({'met' if slowest < TARGET_MS else 'MISSED'})")


if __name__ == "__main__":
    main()
