"""The period and sites asked for, and the querysets that select the rows behind the figures.

The drill-down lists (reporting.drilldown) start from the same querysets as the figures, so a
figure and its list can never disagree.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp, FollowUpStatus, Location
from households.models import ENDED, FUNNEL, Employment, Household, Status, StatusChange
from interviews.models import Interview
from mobility_plans.models import Relocation
from partners.models import Partner, PartnerKind
from workshops.models import (
    Attendance,
    ProfessionalTraining,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

FOLLOWUP_MONTHS = (3, 6, 12)
# The funnel steps shown (closing a case is an administrative step, not an achievement).
FUNNEL_STEPS = [step for step in FUNNEL if step != Status.CLOSED]


# --- the period and sites asked for ----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which events count: dated within [start, end] (or up to `end` when cumulative), at the
    given sites (None: every site)."""

    start: datetime.date | None
    end: datetime.date
    site_ids: tuple[int, ...] | None
    cumulative: bool = False

    def dated(self, field: str) -> Q:
        """Q for a date field that falls within the period."""
        q = Q(**{f"{field}__lte": self.end})
        if not self.cumulative and self.start:
            q &= Q(**{f"{field}__gte": self.start})
        return q

    def sites(self, prefix: str = "") -> Q:
        """Q for rows of the chosen sites; `prefix` reaches the site (e.g. "household__")."""
        if self.site_ids is None:
            return Q()
        return Q(**{f"{prefix}site_id__in": self.site_ids})


def make_scope(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date,
    site_ids=None,
    cumulative: bool = False,
) -> Scope:
    """The Scope of a request; refuses a period without a start (unless cumulative) or
    ending before it starts."""
    if not cumulative and period_start is None:
        raise ValueError("A period needs a start unless it is cumulative.")
    if period_start and period_start > period_end:
        raise ValueError("The period ends before it starts.")
    return Scope(
        start=None if cumulative else period_start,
        end=period_end,
        site_ids=None if site_ids is None else tuple(sorted(int(s) for s in site_ids)),
        cumulative=cumulative,
    )


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def steps_from(step: str) -> list[str]:
    """The step and every later step of the funnel (closing proves no step: a case may be
    closed straight after the move, without a follow-up)."""
    return FUNNEL_STEPS[FUNNEL_STEPS.index(step) :]


# --- querysets behind the figures (shared with the drill-down lists) ---------------------------


def relocations_queryset(scope: Scope) -> QuerySet:
    return Relocation.objects.filter(scope.sites("household__"), scope.dated("moved_on"))


def milestones_queryset(scope: Scope) -> QuerySet:
    """One row per household of the sites that reached a funnel step within the period: the
    first date it reached each step, up to the period's end (a later first date is None).

    Only those households can reach a step, or be referred, within the period, so the
    status history of every other household is never read; changes after the period's end
    cannot make a first date within the period either."""
    changes = StatusChange.objects.filter(
        scope.sites("household__"), to_status__in=FUNNEL_STEPS, occurred_on__lte=scope.end
    )
    if not scope.cumulative and scope.start:
        active = StatusChange.objects.filter(scope.dated("occurred_on"), to_status__in=FUNNEL_STEPS)
        changes = changes.filter(household__in=active.values("household"))
    return (
        changes.values("household")
        .annotate(
            **{
                f"d_{step}": Min("occurred_on", filter=Q(to_status__in=steps_from(step)))
                for step in FUNNEL_STEPS
            }
        )
        .order_by()
    )


def funnel_households(scope: Scope, step: str, mode: str = "flow") -> QuerySet:
    """Household ids behind one bar of the funnel (see DEFINITIONS["funnel"])."""
    rows = milestones_queryset(scope)
    if mode == "cohort":
        rows = rows.filter(scope.dated(f"d_{Status.REFERRED}"), **{f"d_{step}__lte": scope.end})
    else:
        rows = rows.filter(scope.dated(f"d_{step}"))
    return rows.values("household")


def present_registrations(scope: Scope) -> QuerySet:
    return WorkshopRegistration.objects.filter(
        scope.sites("workshop__"),
        scope.dated("workshop__date"),
        workshop__cancelled_at__isnull=True,
        attendance=Attendance.PRESENT,
    )


def workshops_held_queryset(scope: Scope) -> QuerySet:
    present = WorkshopRegistration.objects.filter(
        workshop=OuterRef("pk"), attendance=Attendance.PRESENT
    )
    return Workshop.objects.filter(
        scope.sites(), scope.dated("date"), Exists(present), cancelled_at__isnull=True
    )


def interviews_queryset(scope: Scope) -> QuerySet:
    return Interview.objects.filter(scope.sites("household__"), scope.dated("held_on"))


def trainee_presences(scope: Scope) -> QuerySet:
    return TraineeRegistration.objects.filter(
        scope.sites("training__"), scope.dated("training__date"), attendance=Attendance.PRESENT
    )


def trainings_held_queryset(scope: Scope) -> QuerySet:
    present = TraineeRegistration.objects.filter(
        training=OuterRef("pk"), attendance=Attendance.PRESENT
    )
    return ProfessionalTraining.objects.filter(scope.sites(), scope.dated("date"), Exists(present))


def centre_referred(scope: Scope) -> Q:
    """Q on a Partner: it referred a household of the sites during the period."""
    referred = Household.objects.filter(scope.sites(), scope.dated("referral_date")).values(
        "referring_partner"
    )
    return Q(pk__in=referred)


def centre_trained(scope: Scope) -> Q:
    """Q on a Partner: its staff attended a training of the sites during the period."""
    return Q(pk__in=trainee_presences(scope).values("trainee__organisation"))


def reception_centres_queryset(scope: Scope, via: str = "") -> QuerySet:
    condition = {
        "referral": centre_referred(scope),
        "training": centre_trained(scope),
    }.get(via, centre_referred(scope) | centre_trained(scope))
    return Partner.objects.filter(condition, kind=PartnerKind.RECEPTION_CENTRE)


def withdrawals_queryset(scope: Scope) -> QuerySet:
    return StatusChange.objects.filter(
        scope.sites("household__"), scope.dated("occurred_on"), to_status=Status.WITHDRAWN
    )


def open_households_queryset(scope: Scope) -> QuerySet:
    """Households open at some point of the period (the caseload, the household export)."""
    households = Household.objects.filter(scope.sites(), referral_date__lte=scope.end)
    if scope.cumulative or scope.start is None:
        return households
    ended_before = StatusChange.objects.filter(
        to_status__in=ENDED, occurred_on__lt=scope.start
    ).values("household")
    return households.exclude(Q(status__in=ENDED) & Q(pk__in=ended_before))


def followups_queryset(scope: Scope) -> QuerySet:
    return FollowUp.objects.filter(
        scope.sites("household__"),
        scope.dated("done_on"),
        status=FollowUpStatus.DONE,
        months_after__in=FOLLOWUP_MONTHS,
    )


def followup_outcomes() -> dict[str, tuple]:
    """Outcome key -> (label, Q on a FollowUp)."""
    return {
        "housed": (_("Still housed"), Q(housing_kept=True)),
        "employed": (_("Employed"), Q(employment=Employment.EMPLOYED)),
        "in_training": (_("In training"), Q(in_training=True)),
        "in_region": (_("Still in the target region"), Q(location=Location.TARGET_REGION)),
        "returned_idf": (_("Returned to Île-de-France"), Q(location=Location.RETURNED_IDF)),
    }
