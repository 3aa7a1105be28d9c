"""Reads of the money side: which grants a user sees, whether a household counts for a grant."""

import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from followups.models import FollowUp, FollowUpStatus
from households.models import Household, Person
from interviews.models import Interview
from mobility_plans.models import Relocation
from partners.models import Referral
from workshops.models import Attendance, WorkshopRegistration

from . import rules
from .models import EligibilityEvidence, Grant


def _earliest(queryset: QuerySet, household_path: str, date_path: str, start, end) -> Subquery:
    rows = queryset.filter(
        **{household_path: OuterRef("pk"), f"{date_path}__range": (start, end)}
    ).order_by(date_path)
    return Subquery(rows.values(date_path)[:1])


def household_first_activity_on(
    household: Household, start: datetime.date, end: datetime.date
) -> datetime.date | None:
    """The household's earliest activity between `start` and `end` (both included), or None.

    An activity is a workshop attended (someone of the household present), an interview, a
    referral sent to a partner, the move, or a follow-up done. One query.
    """
    firsts = (
        Household.objects.filter(pk=household.pk)
        .annotate(
            workshop=_earliest(
                WorkshopRegistration.objects.filter(attendance=Attendance.PRESENT),
                "person__household",
                "workshop__date",
                start,
                end,
            ),
            interview=_earliest(Interview.objects.all(), "household", "held_on", start, end),
            referral=_earliest(Referral.objects.all(), "household", "sent_on", start, end),
            relocation=_earliest(Relocation.objects.all(), "household", "moved_on", start, end),
            followup=_earliest(
                FollowUp.objects.filter(status=FollowUpStatus.DONE),
                "household",
                "done_on",
                start,
                end,
            ),
        )
        .values_list("workshop", "interview", "referral", "relocation", "followup")
        .first()
    )
    dates = [day for day in firsts or () if day is not None]
    return min(dates, default=None)


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
