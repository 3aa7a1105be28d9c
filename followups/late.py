"""Late follow-ups and plan steps: what every work list shows first, the latest at the top.

A late item is a scheduled follow-up or an open step of an active plan whose due date has
passed, of an active household. Lists of any length are read a page at a time: the keys
(due date, kind, id) of the page come from one UNION query, then the page's objects.
"""

import datetime
from dataclasses import dataclass

from django.db.models import IntegerField, QuerySet, Value
from django.utils.translation import ngettext

from households.models import ENDED, Household
from mobility_plans.models import ACTIVE_STATUSES, PlanStep

from .models import FollowUp

# The kinds of the keys, in the order an item of each comes on a same due date.
FOLLOWUP, STEP = 0, 1


@dataclass(frozen=True)
class LateItem:
    """A follow-up or a plan step past its due date: the work lists show these first."""

    due_on: datetime.date
    days_late: int
    followup: FollowUp | None = None
    step: PlanStep | None = None

    @property
    def household(self) -> Household:
        return self.followup.household if self.followup else self.step.plan.household

    @property
    def late_label(self) -> str:
        days = self.days_late
        return ngettext("late by %(days)s day", "late by %(days)s days", days) % {"days": days}


def late_items(
    *, followups: list[FollowUp], steps: list[PlanStep], today: datetime.date
) -> list[LateItem]:
    """The follow-ups and plan steps due before `today`, the latest first (oldest due date)."""
    items = [
        LateItem(due_on=f.due_on, days_late=(today - f.due_on).days, followup=f)
        for f in followups
        if f.due_on < today
    ] + [
        LateItem(due_on=s.due_on, days_late=(today - s.due_on).days, step=s)
        for s in steps
        if s.due_on < today
    ]
    return sorted(items, key=lambda item: (item.due_on, item.step is not None))


def late_followups(site_ids, today: datetime.date) -> QuerySet[FollowUp]:
    # Joined to the household rather than `household IN (active households)`: PostgreSQL
    # starts from the few follow-ups overdue instead of every active household of the sites.
    return (
        FollowUp.objects.overdue(today)
        .filter(household__site_id__in=site_ids)
        .exclude(household__status__in=ENDED)
    )


def late_steps(site_ids, today: datetime.date) -> QuerySet[PlanStep]:
    # Strictly late: due before today (the caseload's lists also show what falls due today).
    return PlanStep.objects.filter(
        plan__household__site_id__in=site_ids,
        plan__status__in=ACTIVE_STATUSES,
        done_on__isnull=True,
        due_on__lt=today,
    ).exclude(plan__household__status__in=ENDED)


def late_item_keys(*, site_ids, today: datetime.date) -> QuerySet:
    """(due date, kind, id) of every late follow-up (FOLLOWUP) and plan step (STEP) of the
    active households of these sites, the latest first: one UNION query, sliced by the page
    that shows them."""
    followups = (
        late_followups(site_ids, today)
        .annotate(kind=Value(FOLLOWUP, output_field=IntegerField()))
        .values_list("due_on", "kind", "pk")
    )
    steps = (
        late_steps(site_ids, today)
        .annotate(kind=Value(STEP, output_field=IntegerField()))
        .values_list("due_on", "kind", "pk")
    )
    return followups.order_by().union(steps.order_by(), all=True).order_by("due_on", "kind", "pk")


def late_items_for_keys(keys, *, today: datetime.date) -> list[LateItem]:
    """The LateItems of a slice of late_item_keys, in its order: one query per kind shown."""
    keys = list(keys)
    followups = FollowUp.objects.select_related("household__social_worker").in_bulk(
        [pk for _due, kind, pk in keys if kind == FOLLOWUP]
    )
    steps = PlanStep.objects.select_related("plan__household__social_worker").in_bulk(
        [pk for _due, kind, pk in keys if kind == STEP]
    )
    return [
        LateItem(
            due_on=due_on,
            days_late=(today - due_on).days,
            followup=followups[pk] if kind == FOLLOWUP else None,
            step=steps[pk] if kind == STEP else None,
        )
        for due_on, kind, pk in keys
    ]
