"""Reads of the money side: which grants a user sees, whether a household counts for a grant."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from core.dates import today
from followups.models import FollowUp, FollowUpStatus
from households.models import ENDED, Household, Person
from interviews.models import Interview
from mobility_plans.models import Relocation
from partners.models import Referral
from workshops.models import Attendance, WorkshopRegistration

from . import rules
from .models import EligibilityEvidence, Expense, ExpenseShare, Grant

# Every kind of activity: (its rows, the path from a row to its household, the path to its
# date). A household's activity is a workshop attended (someone of it present), an interview,
# a referral sent to a partner, the move, or a follow-up done.
ACTIVITY_SOURCES = (
    (
        lambda: WorkshopRegistration.objects.filter(attendance=Attendance.PRESENT),
        "person__household",
        "workshop__date",
    ),
    (Interview.objects.all, "household", "held_on"),
    (Referral.objects.all, "household", "sent_on"),
    (Relocation.objects.all, "household", "moved_on"),
    (lambda: FollowUp.objects.filter(status=FollowUpStatus.DONE), "household", "done_on"),
)


def earliest_activities(start: datetime.date, end: datetime.date) -> dict[str, Subquery]:
    """Annotations first_0… first_4: a household's earliest activity of each kind between
    `start` and `end` (both included), None when it had none."""
    annotations = {}
    for index, (rows, household_path, date_path) in enumerate(ACTIVITY_SOURCES):
        earliest = (
            rows()
            .filter(**{household_path: OuterRef("pk"), f"{date_path}__range": (start, end)})
            .order_by(date_path)
        )
        annotations[f"first_{index}"] = Subquery(earliest.values(date_path)[:1])
    return annotations


def first_of(household: Household) -> datetime.date | None:
    """The earliest of a household annotated by earliest_activities."""
    days = [getattr(household, f"first_{i}") for i in range(len(ACTIVITY_SOURCES))]
    return min((day for day in days if day is not None), default=None)


def household_first_activity_on(
    household: Household, start: datetime.date, end: datetime.date
) -> datetime.date | None:
    """The household's earliest activity between `start` and `end` (both included), or None.
    One query."""
    annotated = Household.objects.filter(pk=household.pk).annotate(
        **earliest_activities(start, end)
    )
    return first_of(annotated.get())


def household_eligibility(*, household: Household, grant: Grant) -> rules.Eligibility:
    """Whether the household counts for the grant, and why not (funding.rules.eligibility).

    Four queries whatever the size of the household: the grant's sites, the members, their
    evidence, the first activity.
    """
    site_ids = list(grant.sites.values_list("pk", flat=True))
    members = list(
        Person.objects.filter(household=household).values_list("pk", "protection_status")
    )
    evidence: dict[int, list[rules.EvidenceDates]] = {pk: [] for pk, _status in members}
    for person_id, issued_on, expires_on in EligibilityEvidence.objects.filter(
        person__household=household
    ).values_list("person_id", "issued_on", "expires_on"):
        evidence[person_id].append((issued_on, expires_on))
    return rules.eligibility(
        grant_statuses=grant.eligible_statuses,
        grant_site_ids=site_ids,
        household_site_id=household.site_id,
        members=[(status, evidence[pk]) for pk, status in members],
        first_activity_on=household_first_activity_on(household, grant.starts_on, grant.ends_on),
    )


def grant_list(user) -> QuerySet[Grant]:
    """The grants the user may read (Grant.objects.visible_to), with their funder."""
    return Grant.objects.visible_to(user).select_related("funder")


def grant_get_for_user(*, user, pk: int) -> Grant:
    """The grant, or 404 when it does not exist or the user may not read it."""
    return get_object_or_404(grant_list(user), pk=pk)


def may_read_grants(user) -> bool:
    """Directors, auditors and admins, and coordinators: the people who see the money side."""
    access = user_access(user)
    return access.sees_all_sites or bool(access.coordinated_site_ids())


def may_check_evidence(user, *, site_id: int) -> bool:
    """Who may check a document of a household of `site_id` from the pages: those
    services.evidence_check lets check it, but external auditors, who never write through the
    application (accounts.middleware.ReadOnlyRoleMiddleware refuses their POSTs)."""
    access = user_access(user)
    if access.is_auditor_only:
        return False
    return access.is_auditor or access.is_director or access.coordinates_site(site_id)


def evidence_get_for_user(*, user, pk: int) -> EligibilityEvidence:
    """The piece of evidence, or 404 when its household lies outside the user's sites."""
    return get_object_or_404(
        EligibilityEvidence.objects.visible_to(user).select_related("person__household"), pk=pk
    )


def household_activity_dates(household: Household) -> list[datetime.date]:
    """Every day the household had an activity (ACTIVITY_SOURCES), earliest first. Five
    queries whatever the number of activities."""
    days = set()
    for rows, household_path, date_path in ACTIVITY_SOURCES:
        days.update(
            rows()
            .filter(**{household_path: household})
            .exclude(**{f"{date_path}__isnull": True})
            .values_list(date_path, flat=True)
        )
    return sorted(days)


def household_funding(*, user, household: Household) -> dict:
    """The household's evidence, and its eligibility for each grant the user sees covering its
    site (funding.rules.eligibility), in eight queries whatever the number of grants and
    members: the grants, the members, their evidence, and the five kinds of activity.

    Returns {"members": [Person…], "evidence": [EligibilityEvidence…],
    "grants": [(grant, Eligibility)…]}.
    """
    members = list(Person.objects.filter(household=household))
    evidence = list(
        EligibilityEvidence.objects.filter(person__household=household).select_related(
            "person", "checked_by"
        )
    )
    grants = list(grant_list(user).filter(sites=household.site_id))
    results = []
    if grants:
        dates_by_person: dict[int, list[rules.EvidenceDates]] = {p.pk: [] for p in members}
        for item in evidence:
            dates_by_person[item.person_id].append((item.issued_on, item.expires_on))
        activity = household_activity_dates(household)
        for grant in grants:
            first = next((d for d in activity if grant.starts_on <= d <= grant.ends_on), None)
            results.append(
                (
                    grant,
                    rules.eligibility(
                        grant_statuses=grant.eligible_statuses,
                        # Filtered on the household's site above, so the grant covers it.
                        grant_site_ids=[household.site_id],
                        household_site_id=household.site_id,
                        members=[(p.protection_status, dates_by_person[p.pk]) for p in members],
                        first_activity_on=first,
                    ),
                )
            )
    return {"members": members, "evidence": evidence, "grants": results}


# Evidence that lapses within this many days is listed on the work list with the missing.
EXPIRY_WARNING_DAYS = 60


def worklist_grants(user) -> QuerySet[Grant]:
    """The grants covering a site the user reads: the choices of the evidence work list."""
    access = user_access(user)
    grants = Grant.objects.select_related("funder")
    if access.sees_all_sites:
        return grants
    covers = Grant.sites.through.objects.filter(grant=OuterRef("pk"), site__in=access.site_ids)
    return grants.filter(Exists(covers))


def evidence_worklist(*, user, grant: Grant | None = None) -> list[dict]:
    """Ongoing households of the user's sites supported under a grant (`grant`, or any grant
    covering their site) whose members with a covered status have no evidence, or only
    evidence that has expired or expires within EXPIRY_WARNING_DAYS days.

    Five queries: the grants, their sites, the households, their members, the members'
    evidence. Each row is {"household", "missing": bool, "expires_on": date | None}, by
    household reference.
    """
    grants = worklist_grants(user).prefetch_related("sites")
    if grant is not None:
        grants = grants.filter(pk=grant.pk)
    statuses_by_site: dict[int, set[str]] = {}
    for item in grants:
        for site in item.sites.all():
            statuses_by_site.setdefault(site.pk, set()).update(item.eligible_statuses)
    households = (
        Household.objects.visible_to(user)
        .filter(site__in=list(statuses_by_site))
        .exclude(status__in=ENDED)
        .select_related("site")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Person.objects.prefetch_related("eligibility_evidence"),
            )
        )
        .order_by("reference")
    )
    limit = today() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = []
    for household in households:
        covered = [
            p
            for p in household.members.all()
            if p.protection_status in statuses_by_site[household.site_id]
        ]
        if not covered:
            continue
        evidence = [e for p in covered for e in p.eligibility_evidence.all()]
        if not evidence:
            rows.append({"household": household, "missing": True, "expires_on": None})
            continue
        if any(e.expires_on is None for e in evidence):
            continue
        last = max(e.expires_on for e in evidence)
        if last <= limit:
            rows.append({"household": household, "missing": False, "expires_on": last})
    return rows


def expense_list(*, user) -> QuerySet[Expense]:
    """The expenses the user may read, each with its shares and their grants (one query).

    Directors, auditors and admins read them all; a coordinator those charged to a grant
    covering one of their sites (Grant.visible_to). The views decide who reads expenses at all.
    """
    expenses = Expense.objects.prefetch_related(
        Prefetch("shares", queryset=ExpenseShare.objects.select_related("grant"))
    )
    if user_access(user).sees_all_sites:
        return expenses
    charged = ExpenseShare.objects.filter(
        expense=OuterRef("pk"), grant__in=Grant.objects.visible_to(user)
    )
    return expenses.filter(Exists(charged))


def expense_get_for_user(*, user, pk: int) -> Expense:
    """One expense the user may read, or 404."""
    return get_object_or_404(expense_list(user=user), pk=pk)
