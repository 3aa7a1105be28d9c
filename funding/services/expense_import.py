"""Importing expenses from the accounting export: what it would create, then creating it."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from funding import rules
from funding.expense_import import ExpenseLine, RowError
from funding.models import Expense, Grant

from .base import FundingRuleError
from .costs import SHAREABLE_STATUSES, expense_record


@dataclass
class PlannedExpense:
    """One expense the file would create, from one or more of its rows (one per share)."""

    first: ExpenseLine
    rows: list[int]
    shares: list[tuple[Grant, Decimal]] = field(default_factory=list)

    @property
    def total_percent(self) -> Decimal:
        return sum((percent for _grant, percent in self.shares), Decimal(0))


@dataclass
class ImportPlan:
    to_create: list[PlannedExpense] = field(default_factory=list)
    already_imported: list[int] = field(default_factory=list)  # row numbers
    errors: list[RowError] = field(default_factory=list)


def _grant_error(line: ExpenseLine, grant: Grant | None) -> str:
    if grant is None:
        return _("No grant has the agreement reference %(reference)s.") % {
            "reference": line.grant_reference
        }
    if grant.status not in SHAREABLE_STATUSES:
        return _("Grant %(reference)s is closed: no cost can be charged to it.") % {
            "reference": grant.agreement_reference
        }
    if not grant.covers(line.date):
        return _("The expense is dated outside the period of grant %(reference)s.") % {
            "reference": grant.agreement_reference
        }
    return ""


def expenses_import_plan(*, lines: Sequence[ExpenseLine]) -> ImportPlan:
    """What importing these rows would do, writing nothing: the dry run.

    Rows with the same supplier, invoice reference, date and amount are one expense with a
    share per row. An expense already recorded is reported, not created again. Two queries
    whatever the number of rows: the grants named, the invoices already recorded.
    """
    plan = ImportPlan()
    references = {line.grant_reference for line in lines if line.grant_reference}
    grants = {
        g.agreement_reference: g for g in Grant.objects.filter(agreement_reference__in=references)
    }
    recorded = set(
        Expense.objects.filter(
            invoice_reference__in={line.invoice_reference for line in lines}
        ).values_list("supplier", "invoice_reference", "date", "amount")
    )
    planned: dict[tuple, PlannedExpense] = {}
    for line in lines:
        if line.key in recorded:
            plan.already_imported.append(line.row)
            continue
        expense = planned.setdefault(line.key, PlannedExpense(first=line, rows=[]))
        expense.rows.append(line.row)
        if not line.grant_reference:
            continue
        grant = grants.get(line.grant_reference)
        message = _grant_error(line, grant)
        if not message and any(g.pk == grant.pk for g, _percent in expense.shares):
            message = _("An expense has one share per grant.")
        if not message and not rules.shares_ok(
            [*(percent for _grant, percent in expense.shares), line.percent]
        ):
            message = _("The shares of an expense cannot total more than 100 %.")
        if message:
            plan.errors.append(RowError(line.row, "Subvention", message))
            continue
        expense.shares.append((grant, line.percent))
    plan.to_create = list(planned.values())
    return plan


@transaction.atomic
def expenses_import(*, rows: Sequence[ExpenseLine], by) -> ImportPlan:
    """Record every expense of the file, or nothing when one row is refused.

    `rows` are the valid rows of funding.expense_import.parse_expenses; a file with refused
    rows is corrected and read again first. Expenses already recorded are left as they are and
    reported (ImportPlan.already_imported), so that importing the same file twice adds nothing.
    """
    plan = expenses_import_plan(lines=rows)
    if plan.errors:
        raise FundingRuleError(
            _("The file has refused rows: correct them and send it again. Nothing was imported.")
        )
    for expense in plan.to_create:
        line = expense.first
        expense_record(
            by=by,
            date=line.date,
            supplier=line.supplier,
            category=line.category,
            amount=line.amount,
            invoice_reference=line.invoice_reference,
            shares=expense.shares,
        )
    return plan
