"""Reads of follow-ups and the work lists built on them, always starting from visible_to(user).

Every list here runs a fixed number of queries whatever the size of the caseload: rows carry
what they show through select_related and annotations, never through per-row lookups.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import user_access
from accounts.models import Site, User
from accounts.selectors import social_workers_of
from core import dates
from households.models import ENDED, Household, Person, Relation, Status
from mobility_plans.models import ACTIVE_STATUSES, MobilityPlan, PlanStep
from partners.selectors import referrals_waiting

from .models import DigestLog, FollowUp, FollowUpStatus

INACTIVE = ENDED
# How far ahead the work lists look for what falls due.
DUE_SOON_DAYS = 7
PERMIT_WARNING_DAYS = 60
# Households still waiting for interview 1 (the diagnostic) or interview 2 (the plan).
NEEDS_DIAGNOSTIC = (Status.REFERRED, Status.INFORMED)
NEEDS_PLAN = (Status.DIAGNOSED,)
UNASSIGNED_SHOWN = 50


def _today(today: datetime.date | None) -> datetime.date:
    # Tests and the digest pass the day they reason about; pages use the real one.
    return today or dates.today()


def with_head_name(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate each household with its head's names, inside the same query."""
    heads = Person.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD)
    return queryset.annotate(
        head_first_name=Subquery(heads.values("first_name")[:1]),
        head_last_name=Subquery(heads.values("last_name")[:1]),
    )


def followup_get_for_user(*, user, pk: int) -> FollowUp:
    """The follow-up, or 404 when its household lies outside the user's sites."""
    return get_object_or_404(
        FollowUp.objects.visible_to(user).select_related(
            "household",
            "household__site",
            "relocation",
            "relocation__departement",
            "recorded_by",
        ),
        pk=pk,
    )


def followups_for_household(*, household: Household) -> list[FollowUp]:
    """The household's follow-ups in date order, in one query (the caller checked its scope)."""
    return list(household.followups.select_related("recorded_by").order_by("due_on", "id"))


def followups_blocking_close(*, household: Household) -> list[str]:
    """What the follow-ups say against closing the household: those still scheduled."""
    open_count = FollowUp.objects.filter(household=household).open().count()
    if not open_count:
        return []
    return [
        _(
            "The household still has %(count)s scheduled follow-up(s): record them or "
            "mark them as missed first."
        )
        % {"count": open_count}
    ]


def caseload_households(*, user) -> QuerySet[Household]:
    """The user's own active caseload: households assigned to them, neither closed nor withdrawn."""
    return (
        Household.objects.visible_to(user).filter(social_worker=user).exclude(status__in=INACTIVE)
    )


def _steps_due(households: QuerySet[Household], limit: datetime.date) -> QuerySet[PlanStep]:
    return (
        PlanStep.objects.filter(
            plan__household__in=households,
            plan__status__in=ACTIVE_STATUSES,
            done_on__isnull=True,
            due_on__lte=limit,
        )
        .select_related("plan__household")
        .order_by("due_on", "id")
    )


def _followups_due(households: QuerySet[Household], limit: datetime.date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(
            household__in=households, status=FollowUpStatus.SCHEDULED, due_on__lte=limit
        )
        .select_related("household")
        .order_by("due_on", "id")
    )


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


@dataclass
class Caseload:
    """What a social worker has to do, list by list."""

    today: datetime.date
    counts: list[dict] = field(default_factory=list)
    interviews_to_hold: list[Household] = field(default_factory=list)
    steps_due: list[PlanStep] = field(default_factory=list)
    referrals_waiting: list = field(default_factory=list)
    followups_overdue: list[FollowUp] = field(default_factory=list)
    followups_due: list[FollowUp] = field(default_factory=list)
    permits_expiring: list[Person] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        """The things to act on (the funnel counts are a picture, not a task)."""
        return (
            len(self.interviews_to_hold)
            + len(self.steps_due)
            + len(self.referrals_waiting)
            + len(self.followups_overdue)
            + len(self.followups_due)
            + len(self.permits_expiring)
        )

    @cached_property
    def late(self) -> list[LateItem]:
        """Late follow-ups and plan steps together, the latest first: the page opens on them."""
        return late_items(followups=self.followups_overdue, steps=self.steps_due, today=self.today)

    @property
    def steps_upcoming(self) -> list[PlanStep]:
        """Plan steps due from today on (the late ones are in `late`)."""
        return [step for step in self.steps_due if step.due_on >= self.today]

    @property
    def due_item_count(self) -> int:
        """What the daily digest lists: dated items falling due or late, and waiting referrals."""
        return self.item_count - len(self.interviews_to_hold)


def caseload_for(*, user, today: datetime.date | None = None) -> Caseload:
    """The user's work lists, in seven queries whatever the size of their caseload.

    Queries: funnel counts, interviews to hold, plan steps due, referrals waiting, follow-ups
    due or late, permits expiring — plus the user's memberships once per request.
    """
    today = _today(today)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    households = caseload_households(user=user)

    by_status = dict(
        households.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = [
        {"status": s, "label": s.label, "count": by_status.get(s.value, 0)}
        for s in Status
        if s not in INACTIVE
    ]

    has_active_plan = MobilityPlan.objects.filter(
        household=OuterRef("pk"), status__in=ACTIVE_STATUSES
    )
    interviews = list(
        with_head_name(
            households.filter(Q(status__in=NEEDS_DIAGNOSTIC) | Q(status__in=NEEDS_PLAN))
            # A diagnosed household with a draft plan already had its plan interview.
            .exclude(Q(status__in=NEEDS_PLAN) & Exists(has_active_plan))
        ).order_by("referral_date", "pk")
    )
    for household in interviews:
        household.interview_kind = (
            "diagnostic" if household.status in NEEDS_DIAGNOSTIC else "mobility_plan"
        )

    followups = list(_followups_due(households, soon))
    permits = list(
        Person.objects.filter(
            household__in=households,
            permit_expiry__isnull=False,
            permit_expiry__lte=today + datetime.timedelta(days=PERMIT_WARNING_DAYS),
        )
        .select_related("household")
        .order_by("permit_expiry", "pk")
    )
    return Caseload(
        today=today,
        counts=counts,
        interviews_to_hold=interviews,
        steps_due=list(_steps_due(households, soon)),
        referrals_waiting=list(referrals_waiting(user=user, today=today)),
        followups_overdue=[f for f in followups if f.due_on < today],
        followups_due=[f for f in followups if f.due_on >= today],
        permits_expiring=permits,
    )


def coordinated_site_ids(*, user) -> list[int]:
    """Sites whose overview the user may open: those they coordinate (every site for admins)."""
    coordinated = user_access(user).coordinated_site_ids()
    if coordinated is None:
        return list(Site.objects.filter(is_active=True).values_list("pk", flat=True))
    return sorted(coordinated)


def site_households(*, site_ids) -> QuerySet[Household]:
    """Active households of these sites."""
    return Household.objects.filter(site_id__in=site_ids).exclude(status__in=INACTIVE)


def site_overview(*, user, today: datetime.date | None = None) -> dict:
    """A coordinator's picture of their sites, in a fixed number of queries.

    Caseload per social worker (with their late items), unassigned households and the late
    follow-ups and plan steps, apart and together in `late_items` (the latest first), which
    the page shows first.
    """
    today = _today(today)
    site_ids = coordinated_site_ids(user=user)
    households = site_households(site_ids=site_ids)

    caseload = dict(
        households.exclude(social_worker=None)
        .order_by()
        .values_list("social_worker")
        .annotate(n=Count("pk"))
        .values_list("social_worker", "n")
    )
    late_followups = list(
        FollowUp.objects.overdue(today)
        .filter(household__in=households)
        .select_related("household", "household__social_worker")
        .order_by("due_on", "id")
    )
    # Strictly late: due before today (the caseload's lists also show what falls due today).
    late_steps = list(
        _steps_due(households, today - datetime.timedelta(days=1)).select_related(
            "plan__household__social_worker"
        )
    )
    late_followups_of = Counter(f.household.social_worker_id for f in late_followups)
    late_steps_of = Counter(s.plan.household.social_worker_id for s in late_steps)
    workers = [
        {
            "user": worker,
            "households": caseload.get(worker.pk, 0),
            "late_followups": late_followups_of[worker.pk],
            "late_steps": late_steps_of[worker.pk],
        }
        for worker in social_workers_of(site_ids)
    ]
    unassigned = with_head_name(households.filter(social_worker=None)).select_related("site")
    return {
        "today": today,
        "sites": list(Site.objects.filter(pk__in=site_ids)),
        "workers": workers,
        "unassigned": list(unassigned.order_by("referral_date", "pk")[:UNASSIGNED_SHOWN]),
        "unassigned_count": unassigned.count(),
        "late_followups": late_followups,
        "late_steps": late_steps,
        "late_items": late_items(followups=late_followups, steps=late_steps, today=today),
        "has_own_caseload": caseload_households(user=user).exists(),
    }


def transferable_households(*, user, from_worker) -> QuerySet[Household]:
    """The active households of one social worker in the sites the user coordinates."""
    return with_head_name(
        site_households(site_ids=coordinated_site_ids(user=user)).filter(social_worker=from_worker)
    ).order_by("reference")


def digest_recipients(*, day: datetime.date) -> QuerySet[User]:
    """Active users with an e-mail address, an active caseload and no digest yet that day."""
    active_caseload = Household.objects.filter(social_worker=OuterRef("pk")).exclude(
        status__in=INACTIVE
    )
    already_sent = DigestLog.objects.filter(user=OuterRef("pk"), day=day)
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(active_caseload))
        .exclude(Exists(already_sent))
        .order_by("pk")
    )
