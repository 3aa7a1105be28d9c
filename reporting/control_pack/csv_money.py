"""The money side of the pack: timesheets, time entries, staff costs, expenses and their
shares, and the grant's statement (funding.statement) with the rows behind each figure.

A correction's reason is left out like every free text: it is typed by staff and may speak
of a person. What the audit trail needs stays: that the entry is a correction, the entry it
corrects, its hours, who recorded it and when. Hours that follow an interview are labelled
with the interview's kind and the household's pseudonym, never with the household reference
the application writes in them.
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from funding.models import (
    Expense,
    ExpenseShare,
    StaffCost,
    TimeEntry,
    Timesheet,
    TimeSource,
)
from funding.statement import grant_statement
from interviews.models import Interview

from .context import PackContext, counted, row_staff, staff_fields, user_name, yes_no
from .csv_activities import labels

CENTS = Decimal("0.01")


class ActivityLabels:
    """The label of a time entry as the pack shows it (one query: the interviews)."""

    def __init__(self, context: PackContext):
        self.context = context
        # entry id -> label, filled as time_entries.csv is written, read by the statement's.
        self.by_entry: dict[int, str] = {}
        self.sources = labels(TimeEntry, "source")
        kinds = labels(Interview, "kind")
        self.interviews = {
            pk: f"{kinds.get(kind, kind)} · {context.pseudonym(household_id)}"
            for pk, household_id, kind in Interview.objects.filter(
                household__site__in=context.site_ids(),
                held_on__range=(context.grant.starts_on, context.end),
            ).values_list("pk", "household_id", "kind")
        }

    def __call__(self, source, key, activity, corrects_source=None, corrects_key=None) -> str:
        if source == TimeSource.CORRECTION:
            source, key = corrects_source, corrects_key
        if source == TimeSource.INTERVIEW:
            interview_id = int(key.split(":", 1)[1]) if key and ":" in key else None
            return self.interviews.get(interview_id, self.sources[TimeSource.INTERVIEW])
        return activity


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def timesheet_files(context: PackContext, activity_label: ActivityLabels):
    """(name, headers, rows) of timesheets.csv and time_entries.csv."""
    grant = context.grant
    first_month = _month_start(context.start)
    sheets = (
        Timesheet.objects.filter(grant=grant, month__range=(first_month, context.end))
        .select_related("staff", "validated_by", "countersigned_by")
        .order_by("month", "staff__last_name", "staff_id")
    )
    # A sheet's hours are its month's entries, corrections included (Timesheet.hours), summed
    # here in one query rather than one query a sheet.
    hours = {
        (row["staff_id"], row["month"]): row["total"]
        for row in TimeEntry.objects.filter(grant=grant, date__gte=first_month)
        .annotate(month=TruncMonth("date"))
        .values("staff_id", "month")
        .annotate(total=Sum("hours"))
    }
    statuses = labels(Timesheet, "status")

    def sheet_rows():
        for sheet in sheets:
            month = sheet.month
            total = hours.get((sheet.staff_id, month))
            yield [
                user_name(sheet.staff),
                f"{month:%Y-%m}",
                statuses.get(sheet.status, sheet.status),
                Decimal(total or 0).quantize(CENTS),
                user_name(sheet.validated_by),
                sheet.validated_at,
                user_name(sheet.countersigned_by),
                sheet.countersigned_at,
            ]

    yield (
        "time/timesheets.csv",
        [
            _("Member of staff"),
            _("Month"),
            _("Status"),
            _("Hours"),
            _("Validated by"),
            _("Validated at"),
            _("Countersigned by"),
            _("Countersigned at"),
        ],
        sheet_rows(),
    )

    entries = (
        TimeEntry.objects.filter(grant=grant, date__range=(context.start, context.end))
        .order_by("date", "staff_id", "pk")
        .values(
            "pk",
            "date",
            "hours",
            "source",
            "source_key",
            "activity",
            "corrects_id",
            "corrects__source",
            "corrects__source_key",
            "created_at",
            *staff_fields("staff"),
            *staff_fields("recorded_by"),
        )
    )
    sources = labels(TimeEntry, "source")

    def entry_row(row):
        label = activity_label(
            row["source"],
            row["source_key"],
            row["activity"],
            row["corrects__source"],
            row["corrects__source_key"],
        )
        activity_label.by_entry[row["pk"]] = label
        return [
            row["pk"],
            row["date"],
            row_staff(row, "staff"),
            row["hours"],
            sources.get(row["source"], row["source"]),
            label,
            row["corrects_id"],
            row_staff(row, "recorded_by"),
            row["created_at"],
        ]

    yield (
        "time/time_entries.csv",
        [
            _("Entry"),
            _("Date"),
            _("Member of staff"),
            _("Hours"),
            _("Source"),
            _("Activity"),
            _("Corrects entry"),
            _("Recorded by"),
            _("Recorded at"),
        ],
        counted(context, "time_entries", entries, entry_row),
    )


def staff_cost_file(context: PackContext):
    grant = context.grant
    worked = TimeEntry.objects.filter(grant=grant, date__range=(context.start, context.end)).values(
        "staff_id"
    )
    costs = (
        StaffCost.objects.filter(
            Q(staff__in=worked) | Q(fixed_share_grant=grant),
            year__range=(context.start.year, context.end.year),
        )
        .select_related("staff", "fixed_share_grant")
        .order_by("year", "staff__last_name", "pk")
    )

    def rows():
        for cost in costs:
            yield [
                user_name(cost.staff),
                cost.year,
                cost.annual_cost,
                cost.contract_hours,
                cost.working_time_share,
                cost.hourly_rate,
                cost.fixed_share,
                cost.fixed_share_grant.agreement_reference if cost.fixed_share_grant else "",
                cost.evidence_reference,
            ]

    return (
        "money/staff_costs.csv",
        [
            _("Member of staff"),
            _("Year"),
            _("Annual gross employment cost"),
            _("Contract hours per year"),
            _("Working-time share (%)"),
            _("Hourly rate"),
            _("Fixed share on the action (%)"),
            _("Grant of the fixed share"),
            _("Evidence (payslip, contract)"),
        ],
        rows(),
    )


def expense_files(context: PackContext):
    """(name, headers, rows) of expenses.csv and expense_shares.csv: the expenses of the
    period charged to the grant, and every share of them, on whatever grant (so that the
    auditor sees no expense is charged beyond 100 %)."""
    grant = context.grant
    charged = ExpenseShare.objects.filter(grant=grant).values("expense_id")
    expenses = list(
        Expense.objects.filter(pk__in=charged, date__range=(context.start, context.end))
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("shares", queryset=ExpenseShare.objects.select_related("grant").order_by("pk"))
        )
        .order_by("date", "pk")
    )
    categories = labels(Expense, "category")

    def expense_rows():
        for expense in expenses:
            shares = list(expense.shares.all())
            own = sum((s.percent for s in shares if s.grant_id == grant.pk), 0)
            yield [
                expense.pk,
                expense.date,
                expense.supplier,
                categories.get(expense.category, expense.category),
                expense.amount,
                expense.invoice_reference,
                yes_no(bool(expense.scan)),
                own,
                sum((s.percent for s in shares), 0),
                user_name(expense.recorded_by),
            ]

    def share_rows():
        for expense in expenses:
            for share in expense.shares.all():
                yield [
                    share.pk,
                    expense.pk,
                    share.grant.agreement_reference,
                    share.percent,
                    share.amount,
                ]

    context.counts["expenses"] = len(expenses)
    yield (
        "money/expenses.csv",
        [
            _("Expense"),
            _("Date"),
            _("Supplier"),
            _("Category"),
            _("Amount"),
            _("Invoice reference"),
            _("Scan on file"),
            _("Charged to this grant (%)"),
            _("Charged to every grant (%)"),
            _("Recorded by"),
        ],
        expense_rows(),
    )
    yield (
        "money/expense_shares.csv",
        [_("Share"), _("Expense"), _("Grant"), _("Share (%)"), _("Amount")],
        share_rows(),
    )


def statement_files(context: PackContext, activity_label: ActivityLabels):
    """(name, headers, rows) of statement.csv (the figures) and statement_lines.csv (the rows
    behind them, those shown apart with their reason)."""
    statement = grant_statement(context.grant, context.start, context.end)
    context.statement = statement
    yield (
        "money/statement.csv",
        [_("Figure"), _("Label"), _("Value")],
        ([key, label, value] for key, label, value in statement.summary_lines()),
    )
    # The statement's rows carry the entries' raw labels: the pack's own replace them (the
    # same entries as time_entries.csv, written before this file).

    def label_of(row) -> str:
        return activity_label.by_entry.get(row.entry_id, "")

    def lines():
        for row in statement.staff_rows:
            yield [
                _("Staff time"),
                row.entry_id,
                row.date,
                row.staff_name,
                label_of(row),
                row.hours,
                row.rate,
                row.amount,
                str(row.apart_label),
            ]
        for row in statement.fixed_share_rows:
            yield [
                _("Fixed share of working time"),
                row.staff_cost_id,
                row.year,
                row.staff_name,
                _("%(share)s %% for %(months)s months")
                % {"share": row.share, "months": row.months},
                "",
                row.annual_cost,
                row.amount,
                "",
            ]
        for row in statement.expense_rows:
            yield [
                _("Expense"),
                row.share_id,
                row.date,
                row.supplier,
                row.category,
                "",
                row.percent,
                row.amount,
                str(row.apart_label),
            ]

    yield (
        "money/statement_lines.csv",
        [
            _("Part"),
            _("Row"),
            _("Date"),
            _("Member of staff or supplier"),
            _("Activity or category"),
            _("Hours"),
            _("Rate or share"),
            _("Amount"),
            _("Shown apart because"),
        ],
        lines(),
    )
