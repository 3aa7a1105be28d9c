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
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from core.dates import add_months
from funding.models import Grant, GrantStatus
from funding.selectors import household_activity_dates
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


def grants_funding(household: Household) -> list[Grant]:
    """The grants that funded the household (see the module's docstring): six queries."""
    days = household_activity_dates(household)
    if not days:
        return []
    grants = (
        Grant.objects.filter(sites=household.site_id, starts_on__lte=days[-1], ends_on__gte=days[0])
        .exclude(status=GrantStatus.DRAFT)
        .select_related("funder")
        .order_by("starts_on", "pk")
        .distinct()
    )
    return [grant for grant in grants if any(grant.covers(day) for day in days)]


def grant_holds(household: Household, on: datetime.date) -> list[GrantHold]:
    """The grants whose retention still runs on `on` for this household (empty: none)."""
    holds = []
    for grant in grants_funding(household):
        until = grant.retention_until
        if until is None or until >= on:
            holds.append(GrantHold(grant=grant, until=until))
    return holds
