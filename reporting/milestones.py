"""The milestone row of each household (models.HouseholdMilestones), kept equal to its events.

`milestones_refresh(household_ids)` recomputes the rows of those households from their status
changes, workshop attendances and interviews in two statements whatever their number (a
DELETE, then one INSERT … SELECT grouping the status history): the same call serves one
household after a service and a whole import batch. Every service writing those events sends
households.signals.milestones_changed in its transaction; receivers.py calls the refresh, so
the row is committed (or rolled back) with the event. `milestones_rebuild()` recomputes every
row (the data migration, the data-set generator and `manage.py milestones_rebuild`), a range
of households per statement so that a million of them never make one huge transaction.

The definitions are those the indicators had when they grouped the status history on each
request: reporting.indicators.querysets.steps_from (a step is reached on the first date of
it or any later step) and the first information of durations.py.
"""

import datetime
from collections.abc import Iterable

from django.apps import apps as live_apps
from django.db import connection
from django.db.models import DateField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least, NullIf

from core.ids import AmongIds

# The funnel's statuses, written out: the data migration must not follow later changes of
# the models' choices (households.models.FUNNEL without "closed").
STEPS = ("referred", "informed", "diagnosed", "plan_signed", "relocated", "followed_up")
ENDED = ("closed", "withdrawn")
FAR_FUTURE = datetime.date(9999, 12, 31)
# Households per statement of a rebuild.
REBUILD_CHUNK = 50_000

# Each column of the table -> the name _rows() selects it under (the household's own fields,
# the annotations; the withdrawal's reason is annotated under another name than the
# household's field of the same name).
COLUMNS = {
    "household_id": "pk",
    "site_id": "site_id",
    "social_worker_id": "social_worker_id",
    "status": "status",
    "referral_date": "referral_date",
    **{f"d_{step}": f"d_{step}" for step in STEPS},
    "last_step_on": "last_step_on",
    "first_change_on": "first_change_on",
    "ended_on": "ended_on",
    "withdrawn_on": "withdrawn_on",
    "withdrawal_reason": "withdrawn_reason",
    "first_event_on": "first_event_on",
}


def _rows(apps, households):
    """The milestone rows of `households` (a Household queryset) as one grouped SELECT whose
    columns are those of COLUMNS, in order."""
    registration = apps.get_model("workshops", "WorkshopRegistration")
    interview = apps.get_model("interviews", "Interview")
    changed = "status_changes__occurred_on"
    far = Value(FAR_FUTURE, output_field=DateField())
    first_workshop = (
        registration._default_manager.filter(
            person__household=OuterRef("pk"),
            attendance="present",
            workshop__cancelled_at__isnull=True,
        )
        .order_by("workshop__date")
        .values("workshop__date")[:1]
    )
    first_interview = (
        interview._default_manager.filter(household=OuterRef("pk"))
        .order_by("held_on")
        .values("held_on")[:1]
    )
    steps = {
        f"d_{step}": Min(changed, filter=Q(status_changes__to_status__in=STEPS[index:]))
        for index, step in enumerate(STEPS)
    }
    withdrawn = Q(status_changes__to_status="withdrawn")
    return (
        households.order_by()
        .annotate(
            **steps,
            last_step_on=Max(changed, filter=Q(status_changes__to_status__in=STEPS)),
            first_change_on=Min(changed),
            ended_on=Min(changed, filter=Q(status_changes__to_status__in=ENDED)),
            withdrawn_on=Min(changed, filter=withdrawn),
            withdrawn_reason=Coalesce(Max("status_changes__reason", filter=withdrawn), Value("")),
            first_event_on=NullIf(
                Least(
                    Coalesce(Subquery(first_workshop, output_field=DateField()), far),
                    Coalesce(Subquery(first_interview, output_field=DateField()), far),
                    output_field=DateField(),
                ),
                far,
            ),
        )
        .values_list(*COLUMNS.values())
    )


def _write(apps, households, delete) -> None:
    table = apps.get_model("reporting", "HouseholdMilestones")
    select, params = _rows(apps, households).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in COLUMNS)
    delete.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table._meta.db_table)} ({columns}) {select}",
            params,
        )


def milestones_refresh(household_ids: Iterable[int], *, apps=live_apps) -> None:
    """Recompute the milestone rows of these households from their events (two statements).

    A household that no longer exists simply has no row (its row went with it)."""
    ids = tuple(sorted({int(pk) for pk in household_ids}))
    if not ids:
        return
    household = apps.get_model("households", "Household")
    table = apps.get_model("reporting", "HouseholdMilestones")
    _write(
        apps,
        household._default_manager.filter(AmongIds("pk", ids)),
        table._default_manager.filter(AmongIds("household", ids)),
    )


def milestones_rebuild(*, apps=live_apps, chunk: int = REBUILD_CHUNK) -> int:
    """Recompute every household's row, `chunk` households (by id) per statement; returns
    how many rows there are."""
    household = apps.get_model("households", "Household")
    table = apps.get_model("reporting", "HouseholdMilestones")
    table._default_manager.exclude(household__in=household._default_manager.all()).delete()
    bounds = household._default_manager.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    for low in range(bounds["low"], bounds["high"] + 1, chunk):
        high = low + chunk
        _write(
            apps,
            household._default_manager.filter(pk__gte=low, pk__lt=high),
            table._default_manager.filter(household_id__gte=low, household_id__lt=high),
        )
    return table._default_manager.count()
