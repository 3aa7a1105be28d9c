"""Reads of follow-ups and the work lists built on them, always starting from visible_to(user).

Every list here runs a fixed number of queries whatever the size of the caseload: rows carry
what they show through select_related and annotations, never through per-row lookups.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import user_access
from accounts.models import Site, User
from accounts.selectors import social_workers_of
from core import dates
from households.models import ENDED, Household, Person, Relation, Status
from mobility_plans.models import ACTIVE_STATUSES, MobilityPlan, PlanStep
from partners.selectors import referrals_waiting

from .late import (
    LateItem,
    late_followups,
    late_item_keys,
    late_items,
    late_items_for_keys,
    late_steps,
)
from .models import DigestLog, FollowUp, FollowUpStatus

INACTIVE = ENDED
# How far ahead the work lists look for what falls due.
DUE_SOON_DAYS = 7
PERMIT_WARNING_DAYS = 60
# Households still waiting for interview 1 (the diagnostic) or interview 2 (the plan).
NEEDS_DIAGNOSTIC = (Status.REFERRED, Status.INFORMED)
NEEDS_PLAN = (Status.DIAGNOSED,)
UNASSIGNED_SHOWN = 50
# The site overview shows this many late items (the latest first) and links to the late list,
# which pages through all of them.
LATE_SHOWN = 50
LATE_PAGE_SIZE = 100


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


def _referrals_waiting(*, user, today: datetime.date) -> list:
    """partners' referrals_waiting, the same rows in the same order, in one query that
    PostgreSQL answers from the indexes: the ids come from each side of its OR (their
    household's social worker, their author) apart, where the OR itself made it read
    every household of the sites."""
    waiting = referrals_waiting(user=user, today=today)
    followed = waiting.filter(household__social_worker=user).order_by().values("pk")
    written = waiting.filter(created_by=user).order_by().values("pk")
    return list(
        waiting.filter(pk__in=followed.union(written))
        # What the work lists show of each (two model instances a row, not five).
        .select_related(None)
        .select_related("household", "partner")
        .only("pk", "sent_on", "household__reference", "partner__name")
    )


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
        referrals_waiting=_referrals_waiting(user=user, today=today),
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
    """Active households of these sites (read through the partial index of active households
    per site and social worker, households.0009_worklist_indexes)."""
    return Household.objects.filter(site_id__in=site_ids).exclude(status__in=INACTIVE)


def _count_per_worker(queryset: QuerySet, worker_field: str) -> dict:
    """{social worker id (None: unassigned): rows}, counted by the database (GROUP BY)."""
    return dict(
        queryset.order_by()
        .values_list(worker_field)
        .annotate(n=Count("pk"))
        .values_list(worker_field, "n")
    )


def site_overview(*, user, today: datetime.date | None = None) -> dict:
    """A coordinator's picture of their sites, in a fixed number of queries.

    Caseload and late items per social worker (counted by the database), the unassigned
    households, and the LATE_SHOWN latest of the late follow-ups and plan steps together in
    `late_items`, which the page shows first with their total `late_count` (the late list,
    late_list_page, pages through all of them).
    """
    today = _today(today)
    site_ids = coordinated_site_ids(user=user)
    households = site_households(site_ids=site_ids)

    # Active households per social worker; None counts the unassigned ones.
    caseload = _count_per_worker(households, "social_worker")
    late_followups_of = _count_per_worker(
        late_followups(site_ids, today), "household__social_worker"
    )
    late_steps_of = _count_per_worker(late_steps(site_ids, today), "plan__household__social_worker")
    late = late_items_for_keys(
        late_item_keys(site_ids=site_ids, today=today)[:LATE_SHOWN], today=today
    )
    workers = [
        {
            "user": worker,
            "households": caseload.get(worker.pk, 0),
            "late_followups": late_followups_of.get(worker.pk, 0),
            "late_steps": late_steps_of.get(worker.pk, 0),
        }
        for worker in social_workers_of(site_ids)
    ]
    unassigned = with_head_name(households.filter(social_worker=None)).select_related("site")
    late_followups_count = sum(late_followups_of.values())
    late_steps_count = sum(late_steps_of.values())
    return {
        "today": today,
        "sites": list(Site.objects.filter(pk__in=site_ids)),
        "workers": workers,
        "unassigned": list(unassigned.order_by("referral_date", "pk")[:UNASSIGNED_SHOWN]),
        "unassigned_count": caseload.get(None, 0),
        "late_items": late,
        "late_followups": [item.followup for item in late if item.followup],
        "late_steps": [item.step for item in late if item.step],
        "late_followups_count": late_followups_count,
        "late_steps_count": late_steps_count,
        "late_count": late_followups_count + late_steps_count,
        "has_own_caseload": caseload_households(user=user).exists(),
    }


def late_list_page(*, user, page_number, today: datetime.date | None = None) -> dict:
    """Every late follow-up and plan step of the user's coordinated sites, LATE_PAGE_SIZE a
    page, the latest first: the count, the page's keys, then its objects (four queries)."""
    today = _today(today)
    site_ids = coordinated_site_ids(user=user)
    page = Paginator(late_item_keys(site_ids=site_ids, today=today), LATE_PAGE_SIZE).get_page(
        page_number
    )
    return {
        "today": today,
        "page": page,
        "late_items": late_items_for_keys(page.object_list, today=today),
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
