"""The cost curve: one table row of times and query counts for the database in DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench_100k DEBUG=true \\
        .venv/bin/python benchmarks/cost_curve.py [--year 2025] [--runs 3] [--pdf-runs 1] \\
        [--timeout 120]

Run it on data sets of 10,000, 100,000 and 1,000,000 households (benchmarks/generate.py
--households N) and put the rows one under the other: every figure should grow no faster
than the data. For the last full year and every site (medians of `runs` after one warm-up):

- reporting.indicators.compute_indicators();
- the dashboard page for that year, and since the programme began, as a director (Django's
  test Client, as benchmarks/dashboard.py);
- each of these cold (the figures' cache emptied before every call: after a deployment, or
  when the tables changed) and warm (nothing changed since the previous call); run it with
  REDIS_URL, a Redis database of its own (emptied), to measure the cache production uses;
- household search: the household list with a surname in the search box, as a director
  (the page of 25 rows and its count of matches);
- the yearly PDF: the registered "yearly_report" exporter the report task runs
  (`pdf-runs` runs, no warm-up, the cache emptied first: the first includes loading
  WeasyPrint, as a worker would).

Each figure is followed by its number of queries. With --timeout, a figure whose query runs
longer (PostgreSQL's statement_timeout) is given as "over N s" and the run goes on. The last
line is the row for the table in benchmarks/README.md.
"""

import argparse
import os
import time

import common

SURNAME = "Haddad"


def counted(fn, runs: int, warm_up: bool = True, before=None):
    """(median seconds of `runs` calls, queries of one call, last result) of `fn`; the queries
    are counted on the warm-up call, or on the first timed one without a warm-up. `before`
    runs ahead of every call, untimed (emptying the figures' cache for a cold figure)."""
    from django.db import connection
    from django.db.utils import OperationalError

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    timings = []
    # A wrapper, not CaptureQueriesContext: it counts on whatever connection the call opens.
    with connection.execute_wrapper(count):
        if before is not None:
            before()
        began = time.perf_counter()
        try:
            result = fn()
        except OperationalError as error:  # statement_timeout (--timeout): not measured
            print(f"timed out after {time.perf_counter() - began:.0f} s: {error}".strip())
            return None, len(queries), None
        elapsed = time.perf_counter() - began
    if not warm_up:
        timings.append(elapsed)
    for _ in range(runs - len(timings)):
        if before is not None:
            before()
        began = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - began)
    return common.median(timings), len(queries), result


def page_getter(client, url: str, params: dict):
    def get():
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        return response

    return get


def match_count(response, user) -> int:
    """The count the search page shows (its paginator), or the same search run again."""
    page = response.context.get("page") if response.context is not None else None
    if page is not None and hasattr(page, "paginator"):
        return page.paginator.count
    from households import selectors

    return selectors.household_search(selectors.household_list(user=user), SURNAME).count()


def cell(figure, timeout: int, unit: str = "ms") -> str:
    seconds, queries, _result = figure
    if seconds is None:
        return f"over {timeout} s (timed out)"
    if unit == "s":
        return f"{seconds:.1f} s ({queries} q)"
    return f"{seconds * 1000:,.0f} ms ({queries} q)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-runs", type=int, default=1)
    parser.add_argument(
        "--timeout", type=int, default=0, help="PostgreSQL statement_timeout, seconds (0: none)"
    )
    args = parser.parse_args()
    common.setup_django()
    from django.db import connection
    from django.db.backends.signals import connection_created

    def statement_timeout(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(args.timeout) * 1000}")

    if args.timeout:
        # On every connection: Django opens another after a request that failed on a query.
        connection_created.connect(statement_timeout, weak=False)
        connection.close()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from households.models import Household, Person
    from reporting.exporters import EXPORTERS
    from reporting.indicators import compute_indicators

    setup_test_environment()  # lets the test Client's "testserver" host in, keeps contexts
    user = common.director()
    client = Client()
    common.verified_login(client, user)
    year = args.year or common.last_full_year()
    start, end = common.year_bounds(year)
    households, persons = Household.objects.count(), Person.objects.count()
    print(f"machine            {common.machine()}")
    print(f"data               {households:,} households, {persons:,} persons; year {year}")

    def indicators():
        return compute_indicators(period_start=start, period_end=end, site_ids=None)

    dashboard = reverse("reporting:dashboard")
    year_page = page_getter(client, dashboard, {"year": year})
    start_page = page_getter(client, dashboard, {"year": year, "cumulative": "on"})
    # Cold: the figures' cache emptied before each call; warm: nothing changed since.
    figures = {
        "indicators, cold": counted(indicators, args.runs, before=cache.clear),
        "indicators, warm": counted(indicators, args.runs),
        "dashboard, year, cold": counted(year_page, args.runs, before=cache.clear),
        "dashboard, year, warm": counted(year_page, args.runs),
        "dashboard, since the start, cold": counted(start_page, args.runs, before=cache.clear),
        "dashboard, since the start, warm": counted(start_page, args.runs),
        "search": counted(
            page_getter(client, reverse("households:list"), {"q": SURNAME}), args.runs
        ),
    }
    search = figures["search"][2]
    matches = f"{match_count(search, user):,}" if search is not None else "?"
    exporter = EXPORTERS["yearly_report"]()
    cache.clear()
    pdf = counted(lambda: exporter.render({"year": str(year)}, user), args.pdf_runs, warm_up=False)
    assert pdf[2] is None or pdf[2][2][:4] == b"%PDF"
    for label in figures:
        print(f"{label:<34} {cell(figures[label], args.timeout)}")
    print(f"{'search matches':<34} {matches:>8}     ({SURNAME!r})")
    print(f"{'yearly PDF, cold':<34} {cell(pdf, args.timeout, unit='s')}")
    load = os.getloadavg()[0]

    def pair(name: str) -> str:
        cold, warm = figures[f"{name}, cold"], figures[f"{name}, warm"]
        return f"{cell(cold, args.timeout)} / {cell(warm, args.timeout)}"

    row = [
        f"{households:,}",
        f"{persons:,}",
        pair("indicators"),
        pair("dashboard, year"),
        pair("dashboard, since the start"),
        f"{cell(figures['search'], args.timeout)}, {matches}",
        cell(pdf, args.timeout, unit="s"),
        f"{load:.1f}",
    ]
    print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
