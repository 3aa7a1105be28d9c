"""The money rules as plain functions: values in, values out, no database.

Models, services and selectors call these so that a rule is written once and can be checked
with property tests. Amounts are `Decimal` euros, rates and shares are percentages (0–100),
results are rounded to the cent with ROUND_HALF_UP, the rounding funders' statements use.
"""

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# The yearly working hours the funds take for a full-time job when no other figure is given
# (EU simplified cost option: annual gross employment cost ÷ 1,720 h).
STANDARD_ANNUAL_HOURS = Decimal(1720)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    """`amount` rounded to the cent, halves away from zero."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def is_percent(value: Decimal, *, allow_zero: bool = True) -> bool:
    """Whether `value` is a percentage: 0–100, or (0, 100] without zero."""
    return (value >= 0 if allow_zero else value > 0) and value <= HUNDRED


def hourly_rate(
    annual_cost: Decimal,
    *,
    contract_hours: Decimal | None = None,
    working_time_share: Decimal | None = None,
) -> Decimal:
    """The hourly rate of a member of staff, to the cent.

    annual cost ÷ contract hours when the contract gives its yearly hours; otherwise annual
    cost ÷ (1,720 h × working-time share ÷ 100), the share being 100 % for a full-time job.
    A part-time employee (80 %) thus has the same rate as a full-time one on the same pay
    scale. Raises ValueError on a cost, hours or share that is zero, negative or out of range,
    and when both hours and share are given (the contract says one or the other).
    """
    if annual_cost <= 0:
        raise ValueError("annual_cost must be positive")
    if contract_hours is not None and working_time_share is not None:
        raise ValueError("give contract_hours or working_time_share, not both")
    if contract_hours is not None:
        if contract_hours <= 0:
            raise ValueError("contract_hours must be positive")
        hours = contract_hours
    else:
        share = HUNDRED if working_time_share is None else working_time_share
        if not is_percent(share, allow_zero=False):
            raise ValueError("working_time_share must be in (0, 100]")
        hours = STANDARD_ANNUAL_HOURS * share / HUNDRED
    return cents(annual_cost / hours)


def staff_cost(hours: Decimal, rate: Decimal) -> Decimal:
    """Actual-time method: hours worked on the action × hourly rate, to the cent."""
    if hours < 0 or rate < 0:
        raise ValueError("hours and rate cannot be negative")
    return cents(hours * rate)


def fixed_share_cost(annual_cost: Decimal, share_percent: Decimal, months: int = 12) -> Decimal:
    """Fixed-share method: a fixed share of the annual cost, for `months` of the year (1–12)."""
    if annual_cost < 0:
        raise ValueError("annual_cost cannot be negative")
    if not is_percent(share_percent):
        raise ValueError("share_percent must be in [0, 100]")
    if not 1 <= months <= 12:
        raise ValueError("months must be between 1 and 12")
    return cents(annual_cost * share_percent / HUNDRED * months / 12)


def indirect_costs(base_amount: Decimal, rate_percent: Decimal) -> Decimal:
    """The flat-rate indirect costs: the grant's rate applied to its base, to the cent."""
    if base_amount < 0:
        raise ValueError("base_amount cannot be negative")
    if not is_percent(rate_percent):
        raise ValueError("rate_percent must be in [0, 100]")
    return cents(base_amount * rate_percent / HUNDRED)


def shares_ok(percents: Iterable[Decimal]) -> bool:
    """Whether shares of one cost across grants are each in (0, 100] and total at most 100."""
    values = list(percents)
    return all(is_percent(p, allow_zero=False) for p in values) and sum(values) <= HUNDRED


class Reason(enum.StrEnum):
    """Why a household is, or is not, eligible for a grant (checked in this order)."""

    SITE_NOT_COVERED = "site_not_covered"
    NO_ACTIVITY = "no_activity"
    STATUS_NOT_COVERED = "status_not_covered"
    EVIDENCE_MISSING = "evidence_missing"
    EVIDENCE_EXPIRED = "evidence_expired"
    ELIGIBLE = "eligible"


REASON_MESSAGES = {
    Reason.SITE_NOT_COVERED: _("The household's site is not covered by the grant."),
    Reason.NO_ACTIVITY: _("The household had no activity during the grant's period."),
    Reason.STATUS_NOT_COVERED: _("No member has a protection status covered by the grant."),
    Reason.EVIDENCE_MISSING: _(
        "No evidence of status is on file for the members whose status is covered."
    ),
    Reason.EVIDENCE_EXPIRED: _(
        "The evidence on file was not valid on the date of the household's first activity."
    ),
    Reason.ELIGIBLE: _("The household is eligible for the grant."),
}

# The same, short: a filter's choices, a column of a list.
REASON_LABELS = {
    Reason.SITE_NOT_COVERED: _("Site not covered"),
    Reason.NO_ACTIVITY: _("No activity in the period"),
    Reason.STATUS_NOT_COVERED: _("Status not covered"),
    Reason.EVIDENCE_MISSING: _("Evidence missing"),
    Reason.EVIDENCE_EXPIRED: _("Evidence expired"),
    Reason.ELIGIBLE: _("Eligible"),
}

# One piece of evidence: the day it was issued and the day it expires (None: no expiry).
EvidenceDates = tuple[datetime.date, datetime.date | None]
# One member: their protection status and the dates of each piece of their evidence.
Member = tuple[str, Sequence[EvidenceDates]]


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: Reason

    @property
    def message(self) -> str:
        return REASON_MESSAGES[self.reason]

    @property
    def label(self) -> str:
        return REASON_LABELS[self.reason]


def evidence_valid_on(evidence: EvidenceDates, day: datetime.date) -> bool:
    """Issued on or before `day` and not expired before it (valid through its expiry day)."""
    issued_on, expires_on = evidence
    return issued_on <= day and (expires_on is None or expires_on >= day)


def eligibility(
    *,
    grant_statuses: Iterable[str],
    grant_site_ids: Iterable[int],
    household_site_id: int,
    members: Iterable[Member],
    first_activity_on: datetime.date | None,
) -> Eligibility:
    """Whether a household counts for a grant, and the first reason why not.

    Eligible when the grant covers the household's site, the household had an activity in the
    grant's period (`first_activity_on`, None when it had none), and one member whose status
    the grant covers has evidence valid on the date of that first activity.
    """
    if household_site_id not in set(grant_site_ids):
        return Eligibility(False, Reason.SITE_NOT_COVERED)
    if first_activity_on is None:
        return Eligibility(False, Reason.NO_ACTIVITY)
    statuses = set(grant_statuses)
    covered = [evidence for status, evidence in members if status in statuses]
    if not covered:
        return Eligibility(False, Reason.STATUS_NOT_COVERED)
    if not any(covered):
        return Eligibility(False, Reason.EVIDENCE_MISSING)
    for evidence in covered:
        if any(evidence_valid_on(item, first_activity_on) for item in evidence):
            return Eligibility(True, Reason.ELIGIBLE)
    return Eligibility(False, Reason.EVIDENCE_EXPIRED)
