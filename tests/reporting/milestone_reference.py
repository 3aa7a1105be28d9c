"""What the milestone rows must hold, computed again from the events, another way.

rows_from_events() reads the status changes, workshop attendances and interviews in Python,
household by household; old_funnel() and old_withdrawals() are the figures as the indicators
computed them from the status history before the milestone rows existed. The tests compare
both with reporting.milestones and reporting.indicators.
"""

from collections import defaultdict

from django.db.models import Count, Min, Q

from households.models import Household, StatusChange
from interviews.models import Interview
from reporting.indicators import FUNNEL_STEPS, steps_from
from reporting.models import HouseholdMilestones
from workshops.models import Attendance, WorkshopRegistration

FIELDS = (
    "site_id",
    "social_worker_id",
    "status",
    "referral_date",
    *(f"d_{step}" for step in FUNNEL_STEPS),
    "last_step_on",
    "first_change_on",
    "ended_on",
    "withdrawn_on",
    "withdrawal_reason",
    "first_event_on",
)


def _first(dates):
    dates = [d for d in dates if d is not None]
    return min(dates) if dates else None


def rows_from_events() -> dict[int, dict]:
    changes = defaultdict(list)
    for change in StatusChange.objects.order_by("pk"):
        changes[change.household_id].append(change)
    workshops = defaultdict(list)
    for household_id, day in WorkshopRegistration.objects.filter(
        attendance=Attendance.PRESENT, workshop__cancelled_at__isnull=True
    ).values_list("person__household", "workshop__date"):
        workshops[household_id].append(day)
    interviews = defaultdict(list)
    for household_id, day in Interview.objects.values_list("household", "held_on"):
        interviews[household_id].append(day)
    rows = {}
    for household in Household.objects.all():
        mine = changes[household.pk]
        withdrawals = [c for c in mine if c.to_status == "withdrawn"]
        row = {
            "site_id": household.site_id,
            "social_worker_id": household.social_worker_id,
            "status": household.status,
            "referral_date": household.referral_date,
            "last_step_on": max(
                (c.occurred_on for c in mine if c.to_status in FUNNEL_STEPS), default=None
            ),
            "first_change_on": _first(c.occurred_on for c in mine),
            "ended_on": _first(
                c.occurred_on for c in mine if c.to_status in ("closed", "withdrawn")
            ),
            "withdrawn_on": _first(c.occurred_on for c in withdrawals),
            "withdrawal_reason": max((c.reason for c in withdrawals), default=""),
            "first_event_on": _first([*workshops[household.pk], *interviews[household.pk]]),
        }
        for step in FUNNEL_STEPS:
            row[f"d_{step}"] = _first(
                c.occurred_on for c in mine if c.to_status in steps_from(step)
            )
        rows[household.pk] = row
    return rows


def table_rows() -> dict[int, dict]:
    return {
        row["household_id"]: {name: row[name] for name in FIELDS}
        for row in HouseholdMilestones.objects.values("household_id", *FIELDS)
    }


def old_funnel(scope) -> dict[str, tuple[int, int]]:
    """Step -> (households reaching it in the period, of the period's referrals), grouped
    from the status history as the funnel was computed before the milestone rows."""
    changes = StatusChange.objects.filter(
        scope.sites("household__"),
        scope.households("household"),
        to_status__in=FUNNEL_STEPS,
        occurred_on__lte=scope.end,
    )
    if not scope.cumulative and scope.start:
        active = StatusChange.objects.filter(scope.dated("occurred_on"), to_status__in=FUNNEL_STEPS)
        changes = changes.filter(household__in=active.values("household"))
    rows = (
        changes.values("household")
        .annotate(
            **{
                f"d_{step}": Min("occurred_on", filter=Q(to_status__in=steps_from(step)))
                for step in FUNNEL_STEPS
            }
        )
        .order_by()
    )
    referred = scope.dated("d_referred")
    counts = rows.aggregate(
        **{
            f"flow_{step}": Count("household", filter=scope.dated(f"d_{step}"))
            for step in FUNNEL_STEPS
        },
        **{
            f"cohort_{step}": Count(
                "household", filter=referred & Q(**{f"d_{step}__lte": scope.end})
            )
            for step in FUNNEL_STEPS
        },
    )
    return {step.value: (counts[f"flow_{step}"], counts[f"cohort_{step}"]) for step in FUNNEL_STEPS}


def old_withdrawals(scope) -> dict[str, int]:
    return dict(
        StatusChange.objects.filter(
            scope.sites("household__"),
            scope.households("household"),
            scope.dated("occurred_on"),
            to_status="withdrawn",
        )
        .values("reason")
        .annotate(n=Count("household", distinct=True))
        .order_by()
        .values_list("reason", "n")
    )
