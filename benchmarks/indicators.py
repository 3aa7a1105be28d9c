"""One year's indicators on the 100,000-household database, against one hand-written query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/indicators.py [--year 2025] [--runs 5]

Times, for a calendar year and every site (medians of `runs` after one warm-up):

- reporting.indicators.compute_indicators(), every indicator (target: under 1 s);
- reporting.indicators.headline_counts(), the ORM computation of the headline counts only,
  against one SQL statement computing the same counts by hand: households and persons
  relocated in the year, workshops held (not cancelled, someone present) and interviews held
  by kind (target: within 2x of the SQL). The two are timed in turn, run after run.

Checks that the SQL, headline_counts() and compute_indicators() give the same figures.
"""

import argparse
import time

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


def flat(headline: dict) -> dict:
    """reporting.indicators.headline_counts() in the shape of headline_sql()."""
    return {
        "households": headline["households_relocated"],
        "persons": headline["persons_relocated"],
        "workshops": headline["workshops_held"],
        **{kind: headline["interviews"][kind] for kind in ("diagnostic", "mobility_plan", "other")},
    }


def headline_of(indicators: dict) -> dict:
    """The same figures taken from compute_indicators()."""
    kinds = {row["key"]: row["interviews"] for row in indicators["interviews"]["by_kind"]}
    return {
        "households": indicators["relocations"]["households"],
        "persons": indicators["relocations"]["persons"],
        "workshops": indicators["workshops"]["held"],
        "diagnostic": kinds.get("diagnostic", 0),
        "mobility_plan": kinds.get("mobility_plan", 0),
        "other": kinds.get("other", 0),
    }


def alternated(first, second, runs: int) -> tuple[list[float], object, list[float], object]:
    """Times `first` and `second` in turn (after one untimed call of each), so that a change in
    the machine's load weighs on both alike."""
    results = [first(), second()]
    times = ([], [])
    for _ in range(runs):
        for index, fn in enumerate((first, second)):
            began = time.perf_counter()
            results[index] = fn()
            times[index].append(time.perf_counter() - began)
    return times[0], results[0], times[1], results[1]


def ms(times: list[float]) -> str:
    return ", ".join(f"{t * 1000:.0f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    common.setup_django()
    # Django and the project's modules load only once setup_django() has configured them.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.indicators import compute_indicators, headline_counts

    year = args.year or common.last_full_year()
    start, end = common.year_bounds(year)

    def indicators():
        return compute_indicators(period_start=start, period_end=end, site_ids=None)

    def headline():
        return flat(headline_counts(period_start=start, period_end=end, site_ids=None))

    ind_times, result = common.timed(indicators, args.runs)
    with CaptureQueriesContext(connection) as queries:
        indicators()
    with CaptureQueriesContext(connection) as headline_queries:
        headline()
    orm_times, from_orm, sql_times, by_hand = alternated(
        headline, lambda: headline_sql(start, end), args.runs
    )
    from_app = headline_of(result)

    ind, orm, sql = (common.median(t) for t in (ind_times, orm_times, sql_times))
    print(f"machine            {common.machine()}")
    print(f"year               {year}, every site")
    print(f"headline figures   {by_hand}")
    agree_app = "yes" if from_app == by_hand else f"NO: {from_app}"
    agree_orm = "yes" if from_orm == by_hand else f"NO: {from_orm}"
    print(f"same as the SQL    compute_indicators: {agree_app}; headline_counts: {agree_orm}")
    counts = f"{len(queries)} queries"
    print(f"compute_indicators median {ind * 1000:8.1f} ms  ({ms(ind_times)} ms; {counts})")
    counts = f"{len(headline_queries)} queries"
    print(f"headline_counts    median {orm * 1000:8.1f} ms  ({ms(orm_times)} ms; {counts})")
    print(f"hand-written SQL   median {sql * 1000:8.1f} ms  ({ms(sql_times)} ms; 1 query)")
    print(f"ratio headline_counts / SQL {orm / sql:6.2f}x")
    print(f"targets            compute_indicators under 1 s: {'met' if ind < 1 else 'MISSED'}; "
          f"headline_counts within 2x of the SQL: {'met' if orm <= 2 * sql else 'MISSED'}; "
          f"figures agree: {'yes' if from_app == by_hand == from_orm else 'NO'}")  # fmt: skip


if __name__ == "__main__":
    main()
