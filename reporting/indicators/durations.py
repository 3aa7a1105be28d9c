"""6. Relocation duration: months from the first information to the move (mean and median)."""

import datetime
import statistics

from django.db import NotSupportedError, connections
from django.db.models import Aggregate, Avg, Count, DateField, F, FloatField, Func, Value
from django.db.models.functions import Coalesce, Least

from .querysets import Scope, relocations_queryset

# Average length of a month in days (365.25 / 12): durations are given in months.
DAYS_PER_MONTH = 30.4375
FAR_FUTURE = datetime.date(9999, 12, 31)


class Median(Aggregate):
    """PostgreSQL's exact median (percentile_cont); other databases take the median in
    Python (see duration_indicators)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotSupportedError("Median() needs PostgreSQL.")
        return super().as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """Days from `start` to `end` (two dates) as a number, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            sql = f"(({end_sql}) - ({start_sql}))::double precision"
        elif connection.vendor == "sqlite":
            sql = f"(julianday({end_sql}) - julianday({start_sql}))"
        else:
            raise NotSupportedError("DaysBetween supports PostgreSQL and SQLite.")
        return sql, (*end_params, *start_params)


def _months(days) -> float | None:
    return None if days is None else round(float(days) / DAYS_PER_MONTH, 1)


def _first_information() -> Least:
    """The first information of the relocation's household, as an SQL expression over its
    milestone row: its first workshop attended or first interview (first_event_on), or its
    first step after the referral (d_informed: cases entered without their workshop or
    interview), whichever is earlier; the move itself when there is none."""
    far = Value(FAR_FUTURE, output_field=DateField())
    return Least(
        Coalesce(F("household__milestones__first_event_on"), far),
        Coalesce(F("household__milestones__d_informed"), F("moved_on")),
        output_field=DateField(),
    )


def duration_indicators(scope: Scope) -> dict:
    """6. Mean and median months from first information to the move."""
    durations = (
        relocations_queryset(scope)
        .annotate(days=DaysBetween(F("moved_on"), _first_information()))
        .order_by()
    )
    if connections[durations.db].vendor == "postgresql":
        figures = durations.aggregate(mean=Avg("days"), median=Median("days"), n=Count("pk"))
    else:  # only the durations are fetched: acceptable for the small SQLite installs
        values = list(durations.values_list("days", flat=True))
        figures = {
            "mean": statistics.fmean(values) if values else None,
            "median": statistics.median(values) if values else None,
            "n": len(values),
        }
    return {
        "relocations": figures["n"],
        "mean_months": _months(figures["mean"]),
        "median_months": _months(figures["median"]),
    }
