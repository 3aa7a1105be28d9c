"""One year's indicators on the 100,000-household database, against one hand-written query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/indicators.py [--year 2025] [--runs 5]

Times reporting.indicators.compute_indicators() for a calendar year, every site (median of
`runs` after one warm-up), and one SQL statement computing the headline counts by hand:
households and persons relocated in the year, workshops held (not cancelled, someone present)
and interviews held by kind. Checks that both agree, then prints both times and the ratio.
Targets: under 1 s, and within 2x of the SQL.
"""

import argparse

import common

HEADLINE_SQL = """
SELECT
    (SELECT COUNT(DISTINCT r.household_id) FROM {relocation} r
      WHERE r.moved_on BETWEEN %(start)s AND %(end)s),
    (SELECT COUNT(DISTINCT rp.person_id) FROM {relocation_persons} rp
       JOIN {relocation} r ON r.id = rp.relocation_id
      WHERE r.moved_on BETWEEN %(start)s AND %(end)s),
    (SELECT COUNT(*) FROM {workshop} w
      WHERE w.date BETWEEN %(start)s AND %(end)s AND w.cancelled_at IS NULL
        AND EXISTS (SELECT 1 FROM {registration} g
                     WHERE g.workshop_id = w.id AND g.attendance = 'present')),
    (SELECT COUNT(*) FILTER (WHERE i.kind = 'diagnostic') FROM {interview} i
      WHERE i.held_on BETWEEN %(start)s AND %(end)s),
    (SELECT COUNT(*) FILTER (WHERE i.kind = 'mobility_plan') FROM {interview} i
      WHERE i.held_on BETWEEN %(start)s AND %(end)s),
    (SELECT COUNT(*) FILTER (WHERE i.kind = 'other') FROM {interview} i
      WHERE i.held_on BETWEEN %(start)s AND %(end)s)
"""


def headline_sql(start, end) -> dict:
    from django.db import connection

    from interviews.models import Interview
    from mobility_plans.models import Relocation
    from workshops.models import Workshop, WorkshopRegistration

    sql = HEADLINE_SQL.format(
        relocation=Relocation._meta.db_table,
        relocation_persons=Relocation.persons.through._meta.db_table,
        workshop=Workshop._meta.db_table,
        registration=WorkshopRegistration._meta.db_table,
        interview=Interview._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        row = cursor.fetchone()
    keys = ("households", "persons", "workshops", "diagnostic", "mobility_plan", "other")
    return dict(zip(keys, row, strict=True))


def headline_of(indicators: dict) -> dict:
    kinds = {row["key"]: row["interviews"] for row in indicators["interviews"]["by_kind"]}
    return {
        "households": indicators["relocations"]["households"],
        "persons": indicators["relocations"]["persons"],
        "workshops": indicators["workshops"]["held"],
        "diagnostic": kinds.get("diagnostic", 0),
        "mobility_plan": kinds.get("mobility_plan", 0),
        "other": kinds.get("other", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    common.setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.indicators import compute_indicators

    year = args.year or common.last_full_year()
    start, end = common.year_bounds(year)

    def indicators():
        return compute_indicators(period_start=start, period_end=end, site_ids=None)

    ind_times, result = common.timed(indicators, args.runs)
    with CaptureQueriesContext(connection) as queries:
        indicators()
    sql_times, by_hand = common.timed(lambda: headline_sql(start, end), args.runs)
    from_app = headline_of(result)

    ind, sql = common.median(ind_times), common.median(sql_times)
    print(f"machine            {common.machine()}")
    print(f"year               {year}, every site")
    print(f"headline figures   {from_app}")
    print(f"same as the SQL    {'yes' if from_app == by_hand else f'NO: {by_hand}'}")
    runs = ", ".join(f"{t * 1000:.0f}" for t in ind_times)
    print(f"compute_indicators median {ind * 1000:8.1f} ms  ({runs} ms; {len(queries)} queries)")
    runs = ", ".join(f"{t * 1000:.0f}" for t in sql_times)
    print(f"hand-written SQL   median {sql * 1000:8.1f} ms  ({runs} ms; 1 query)")
    print(f"ratio              {ind / sql:8.1f}x")
    print(f"targets            under 1 s: {'met' if ind < 1 else 'MISSED'}; "
          f"within 2x: {'met' if ind <= 2 * sql else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
