"""The data life cycle of a household: active → archived → anonymised (DESIGN "Data life cycle").

- archived: RETENTION_INACTIVE_YEARS (2) years after its last contact
  (Household.last_contact_on, kept by households.services.household_mark_contact). It then
  leaves the lists, searches and work lists, and only directors and auditors may open it
  (HouseholdQuerySet.visible_to); it still counts in every indicator. A contact recorded
  later brings it back to the active files: that is the only way back, on purpose, since
  whoever meets the household again records the meeting anyway.
- anonymised: once archived and once every grant that funded it has passed its retention
  (Grant.retention_until: 31 December, five years after its final payment). A grant not
  finally paid yet keeps the household: its retention has not even started.

A grant funded a household when it covers the household's site and the household had an
activity (funding.selectors.ACTIVITY_SOURCES) within the grant's period: the beneficiaries
rule of funding.beneficiaries, without the eligibility check, so a household a grant could
have counted is kept for that grant's controls too.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from core.dates import add_months
from funding.beneficiaries import first_activities
from funding.models import Grant, GrantStatus
from households.models import Household


def inactivity_cutoff(on: datetime.date) -> datetime.date:
    """The last contact day that makes a household inactive on `on`: that day, so many years
    before (29 February falls back on the 28th)."""
    return add_months(on, -12 * settings.RETENTION_INACTIVE_YEARS)


def archiving_day(last_contact: datetime.date) -> datetime.date:
    """The day a household last met on `last_contact` is archived, without another contact."""
    return add_months(last_contact, 12 * settings.RETENTION_INACTIVE_YEARS)


def with_last_contact(rows: QuerySet[Household]) -> QuerySet[Household]:
    # A household registered before the contacts were dated counts from its referral.
    return rows.annotate(last_contact=Coalesce("last_contact_on", "referral_date"))


def households_to_archive(on: datetime.date) -> QuerySet[Household]:
    """The households still active on `on` whose last contact is old enough to archive them."""
    return with_last_contact(Household.objects.filter(archived_at__isnull=True)).filter(
        last_contact__lte=inactivity_cutoff(on)
    )


def households_soon_archived(
    *, on: datetime.date, site_ids=None, days: int | None = None
) -> QuerySet[Household]:
    """The active households archived within `days` (RETENTION_WARNING_DAYS) after `on`
    without a new contact, the soonest first, at `site_ids` when given (None: every site).
    Each row carries `last_contact`; archiving_day(last_contact) is its date."""
    days = settings.RETENTION_WARNING_DAYS if days is None else days
    cutoff = inactivity_cutoff(on)
    rows = with_last_contact(Household.objects.filter(archived_at__isnull=True)).filter(
        last_contact__gt=cutoff, last_contact__lte=cutoff + datetime.timedelta(days=days)
    )
    if site_ids is not None:
        rows = rows.filter(site__in=list(site_ids))
    return rows.select_related("site", "social_worker").order_by("last_contact", "reference")


@dataclass(frozen=True)
class GrantHold:
    """A grant whose retention still keeps the household: until that day (None: the grant is
    not finally paid, so its retention has not started)."""

    grant: Grant
    until: datetime.date | None


def grant_holds(household: Household, on: datetime.date) -> list[GrantHold]:
    """The grants whose retention still runs on `on` for this household (empty: none)."""
    return grant_holds_of([household.pk], on).get(household.pk, [])


def grant_holds_of(household_ids, on: datetime.date) -> dict[int, list[GrantHold]]:
    """{household id: the grants whose retention still runs on `on` for it}, for many
    households at once; a household no grant keeps is left out.

    The grants are few and the households many: one query for the grants, then for each grant
    still in its retention the funding rule itself (funding.beneficiaries.first_activities:
    one grouped query per kind of activity, limited to these households), so the nightly run
    costs the same number of queries for ten archived households or a million.
    """
    household_ids = list(household_ids)
    holds: dict[int, list[GrantHold]] = defaultdict(list)
    if not household_ids:
        return {}
    grants = (
        Grant.objects.exclude(status=GrantStatus.DRAFT)
        .select_related("funder")
        .order_by("starts_on", "pk")
    )
    for grant in grants:
        until = grant.retention_until
        if until is not None and until < on:
            continue
        for household_id in first_activities(grant, household_ids=household_ids):
            holds[household_id].append(GrantHold(grant=grant, until=until))
    return dict(holds)
