"""The financial statement of a grant for a period: what it paid for, row by row.

Figures, each the sum of the rows behind it (so the page can link a figure to its rows):
- direct staff costs: for a grant on actual time, the hours charged to it × each member of
  staff's hourly rate of the entry's year, rounded per member of staff and year; for a grant on
  fixed shares, each fixed share of a staff cost for the months of its year within the period;
- other direct costs: the shares of expenses charged to the grant;
- indirect costs: the grant's flat rate on its base (direct staff costs, or every direct cost);
- total, budget, consumed % and the co-financing due (total × the grant's co-financing rate).

Rows that cannot be claimed are shown apart and never summed: costs dated outside the grant's
period (the period asked for may reach beyond it), hours of interviews with households not
eligible for the grant, and hours of a member of staff with no staff cost for that year. A
correction counts on its own date (the day it was recorded, as on the timesheets) and is set
apart for the same reason as the entry it corrects.

A fixed number of queries whatever the number of rows: the time entries, the staff costs, the
interviews behind the entries, the households' eligibility (ten), the expense shares.
"""

import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from interviews.models import Interview

from . import rules
from .beneficiaries import grant_beneficiaries
from .models import (
    ExpenseShare,
    Grant,
    IndirectCostBase,
    StaffCost,
    StaffCostMethod,
    TimeEntry,
    TimeSource,
)

ZERO = Decimal(0)


class Apart(enum.StrEnum):
    OUTSIDE_PERIOD = "outside_period"
    INELIGIBLE_HOUSEHOLD = "ineligible_household"
    NO_STAFF_COST = "no_staff_cost"


APART_LABELS = {
    Apart.OUTSIDE_PERIOD: _("Outside the grant's period"),
    Apart.INELIGIBLE_HOUSEHOLD: _("Household not eligible for the grant"),
    Apart.NO_STAFF_COST: _("No staff cost recorded for that year"),
}


class Part(enum.StrEnum):
    """The rows behind a figure of the statement (the `part` of its rows page)."""

    STAFF = "staff"
    OTHER = "other"
    STAFF_APART = "staff_apart"
    OTHER_APART = "other_apart"


@dataclass(frozen=True)
class StaffRow:
    entry_id: int
    staff_id: int
    staff_name: str
    date: datetime.date
    activity: str
    source: str
    hours: Decimal
    rate: Decimal | None
    amount: Decimal | None  # hours × rate, to the cent; the figure rounds per staff and year
    apart: Apart | None

    @property
    def apart_label(self) -> str:
        return APART_LABELS[self.apart] if self.apart else ""


@dataclass(frozen=True)
class FixedShareRow:
    staff_cost_id: int
    staff_name: str
    year: int
    annual_cost: Decimal
    share: Decimal
    months: int
    amount: Decimal


@dataclass(frozen=True)
class ExpenseRow:
    share_id: int
    expense_id: int
    date: datetime.date
    supplier: str
    category: str
    invoice_reference: str
    expense_amount: Decimal
    percent: Decimal
    amount: Decimal
    apart: Apart | None

    @property
    def apart_label(self) -> str:
        return APART_LABELS[self.apart] if self.apart else ""


@dataclass
class Statement:
    grant: Grant
    start: datetime.date
    end: datetime.date
    staff_rows: list[StaffRow] = field(default_factory=list)
    fixed_share_rows: list[FixedShareRow] = field(default_factory=list)
    expense_rows: list[ExpenseRow] = field(default_factory=list)
    hours: Decimal = ZERO
    staff_costs: Decimal = ZERO
    other_costs: Decimal = ZERO
    indirect_costs: Decimal = ZERO
    total: Decimal = ZERO
    budget: Decimal = ZERO
    consumed_percent: Decimal | None = None
    co_financing_due: Decimal = ZERO
    apart_hours: Decimal = ZERO
    apart_staff_costs: Decimal = ZERO
    apart_other_costs: Decimal = ZERO

    @property
    def is_fixed_share(self) -> bool:
        return self.grant.staff_cost_method == StaffCostMethod.FIXED_SHARE

    def rows(self, part: Part) -> list:
        """The rows behind one figure."""
        if part == Part.STAFF:
            if self.is_fixed_share:
                return self.fixed_share_rows
            return [row for row in self.staff_rows if row.apart is None]
        if part == Part.STAFF_APART:
            return [row for row in self.staff_rows if row.apart is not None]
        if part == Part.OTHER:
            return [row for row in self.expense_rows if row.apart is None]
        return [row for row in self.expense_rows if row.apart is not None]

    def summary_lines(self) -> list[tuple[str, str, Decimal | None]]:
        """(key, label, value) of every figure, in the statement's order (CSV, PDF)."""
        return [
            ("hours", str(_("Hours charged")), self.hours),
            ("staff_costs", str(_("Direct staff costs")), self.staff_costs),
            ("other_costs", str(_("Other direct costs")), self.other_costs),
            ("indirect_costs", str(_("Indirect costs (flat rate)")), self.indirect_costs),
            ("total", str(_("Total eligible costs")), self.total),
            ("budget", str(_("Budget")), self.budget),
            ("consumed_percent", str(_("Budget consumed (%)")), self.consumed_percent),
            ("co_financing_due", str(_("Co-financing due")), self.co_financing_due),
            ("apart_hours", str(_("Hours shown apart (not claimed)")), self.apart_hours),
            ("apart_staff_costs", str(_("Staff costs shown apart")), self.apart_staff_costs),
            ("apart_other_costs", str(_("Other costs shown apart")), self.apart_other_costs),
        ]


def _months_within(year: int, start: datetime.date, end: datetime.date) -> int:
    """How many months of `year` the period [start, end] touches (0–12)."""
    first = max(start, datetime.date(year, 1, 1))
    last = min(end, datetime.date(year, 12, 31))
    if first > last:
        return 0
    return last.month - first.month + 1


def _interview_id(entry: dict) -> int | None:
    source, key = entry["source"], entry["source_key"]
    if source == TimeSource.CORRECTION:
        source, key = entry["corrects__source"], entry["corrects__source_key"]
    if source != TimeSource.INTERVIEW or not key:
        return None
    return int(key.split(":", 1)[1])


def _ineligible_interviews(grant: Grant, entries: list[dict]) -> set[int]:
    interview_ids = {pk for pk in map(_interview_id, entries) if pk is not None}
    if not interview_ids:
        return set()
    households = dict(
        Interview.objects.filter(pk__in=interview_ids).values_list("pk", "household_id")
    )
    eligible = {b.household.pk for b in grant_beneficiaries(grant) if b.eligible}
    return {pk for pk, household_id in households.items() if household_id not in eligible}


def _staff_rows(grant: Grant, start, end) -> list[StaffRow]:
    entries = list(
        TimeEntry.objects.filter(grant=grant, date__range=(start, end))
        .order_by("date", "staff_id", "pk")
        .values(
            "pk",
            "staff_id",
            "staff__first_name",
            "staff__last_name",
            "staff__username",
            "date",
            "activity",
            "source",
            "source_key",
            "hours",
            "corrects__source",
            "corrects__source_key",
        )
    )
    years = {entry["date"].year for entry in entries}
    costs = {
        (cost.staff_id, cost.year): cost
        for cost in StaffCost.objects.filter(
            staff__in={entry["staff_id"] for entry in entries}, year__in=years
        )
    }
    ineligible = _ineligible_interviews(grant, entries)
    rows = []
    for entry in entries:
        cost = costs.get((entry["staff_id"], entry["date"].year))
        rate = cost.hourly_rate if cost else None
        if not grant.covers(entry["date"]):
            apart = Apart.OUTSIDE_PERIOD
        elif _interview_id(entry) in ineligible:
            apart = Apart.INELIGIBLE_HOUSEHOLD
        elif rate is None and grant.staff_cost_method == StaffCostMethod.ACTUAL_TIME:
            apart = Apart.NO_STAFF_COST
        else:
            apart = None
        name = f"{entry['staff__first_name']} {entry['staff__last_name']}".strip()
        rows.append(
            StaffRow(
                entry_id=entry["pk"],
                staff_id=entry["staff_id"],
                staff_name=name or entry["staff__username"],
                date=entry["date"],
                activity=entry["activity"],
                source=entry["source"],
                hours=entry["hours"],
                rate=rate,
                amount=rules.cents(entry["hours"] * rate) if rate is not None else None,
                apart=apart,
            )
        )
    return rows


def _fixed_share_rows(grant: Grant, start, end) -> list[FixedShareRow]:
    start, end = max(start, grant.starts_on), min(end, grant.ends_on)
    rows = []
    costs = StaffCost.objects.filter(
        fixed_share_grant=grant, year__range=(start.year, end.year)
    ).select_related("staff")
    for cost in costs.order_by("year", "staff__last_name", "pk"):
        months = _months_within(cost.year, start, end)
        if not months:
            continue
        rows.append(
            FixedShareRow(
                staff_cost_id=cost.pk,
                staff_name=cost.staff.get_full_name() or cost.staff.username,
                year=cost.year,
                annual_cost=cost.annual_cost,
                share=cost.fixed_share,
                months=months,
                amount=rules.fixed_share_cost(cost.annual_cost, cost.fixed_share, months),
            )
        )
    return rows


def _expense_rows(grant: Grant, start, end) -> list[ExpenseRow]:
    shares = (
        ExpenseShare.objects.filter(grant=grant, expense__date__range=(start, end))
        .select_related("expense")
        .order_by("expense__date", "expense_id")
    )
    return [
        ExpenseRow(
            share_id=share.pk,
            expense_id=share.expense_id,
            date=share.expense.date,
            supplier=share.expense.supplier,
            category=share.expense.get_category_display(),
            invoice_reference=share.expense.invoice_reference,
            expense_amount=share.expense.amount,
            percent=share.percent,
            amount=share.amount,
            apart=None if grant.covers(share.expense.date) else Apart.OUTSIDE_PERIOD,
        )
        for share in shares
    ]


def _staff_total(rows: list[StaffRow]) -> Decimal:
    """Σ per member of staff and year of cents(hours × rate): one rounding per rate."""
    hours: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    rates: dict[tuple[int, int], Decimal] = {}
    for row in rows:
        if row.rate is None:
            continue
        key = (row.staff_id, row.date.year)
        hours[key] += row.hours
        rates[key] = row.rate
    # A correction may take back more than the period holds: never a negative cost.
    return sum((rules.cents(max(h, ZERO) * rates[key]) for key, h in hours.items()), ZERO)


def grant_statement(
    grant: Grant, start: datetime.date | None = None, end: datetime.date | None = None
) -> Statement:
    """The statement of `grant` for [start, end] (its own period by default)."""
    start = start or grant.starts_on
    end = end or grant.ends_on
    statement = Statement(grant=grant, start=start, end=end, budget=grant.budget)
    statement.staff_rows = _staff_rows(grant, start, end)
    statement.expense_rows = _expense_rows(grant, start, end)
    apart = statement.rows(Part.STAFF_APART)
    counted = [row for row in statement.staff_rows if row.apart is None]
    statement.hours = sum((row.hours for row in counted), ZERO)
    statement.apart_hours = sum((row.hours for row in apart), ZERO)
    statement.apart_staff_costs = _staff_total(apart)
    if statement.is_fixed_share:
        statement.fixed_share_rows = _fixed_share_rows(grant, start, end)
        statement.staff_costs = sum((row.amount for row in statement.fixed_share_rows), ZERO)
    else:
        statement.staff_costs = _staff_total(counted)
    statement.other_costs = sum((row.amount for row in statement.rows(Part.OTHER)), ZERO)
    statement.apart_other_costs = sum(
        (row.amount for row in statement.rows(Part.OTHER_APART)), ZERO
    )
    base = statement.staff_costs
    if grant.indirect_cost_base == IndirectCostBase.DIRECT_ELIGIBLE:
        base += statement.other_costs
    statement.indirect_costs = rules.indirect_costs(base, grant.indirect_cost_rate)
    statement.total = statement.staff_costs + statement.other_costs + statement.indirect_costs
    if grant.budget > 0:
        statement.consumed_percent = (statement.total * rules.HUNDRED / grant.budget).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    statement.co_financing_due = rules.cents(
        statement.total * grant.co_financing_rate / rules.HUNDRED
    )
    return statement
