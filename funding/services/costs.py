"""Staff costs, expenses and the shares of an expense charged to grants."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import today
from funding import rules
from funding.models import (
    Expense,
    ExpenseCategory,
    ExpenseShare,
    Grant,
    GrantStatus,
    StaffCost,
    StaffCostMethod,
)

from .base import FundingRuleError, check_choice, check_scan

# Shares of an expense may go to draft grants (costs are eligible from the start of the
# period, often before the agreement is signed) but never to a closed one.
SHAREABLE_STATUSES = (GrantStatus.DRAFT, GrantStatus.SIGNED)


@transaction.atomic
def staff_cost_set(
    *,
    by,
    staff,
    year: int,
    annual_cost: Decimal,
    contract_hours: Decimal | None = None,
    working_time_share: Decimal | None = None,
    fixed_share: Decimal | None = None,
    fixed_share_grant: Grant | None = None,
    evidence_reference: str = "",
) -> StaffCost:
    """Set what a member of staff costs in a year (the row is created the first time)."""
    if contract_hours is not None and working_time_share is not None:
        raise FundingRuleError(
            _("Give the contract's hours per year or its working-time share, not both.")
        )
    try:
        rules.hourly_rate(
            annual_cost, contract_hours=contract_hours, working_time_share=working_time_share
        )
    except ValueError as error:
        raise FundingRuleError(
            _(
                "The annual cost and the hours or working-time share must be positive, "
                "the share at most 100 %."
            )
        ) from error
    if (fixed_share is None) != (fixed_share_grant is None):
        raise FundingRuleError(_("A fixed share of working time needs the grant it applies to."))
    if fixed_share is not None:
        if not rules.is_percent(fixed_share, allow_zero=False):
            raise FundingRuleError(_("The fixed share must be above 0 and at most 100 %."))
        if fixed_share_grant.staff_cost_method != StaffCostMethod.FIXED_SHARE:
            raise FundingRuleError(
                _("This grant counts staff costs by actual time, not by a fixed share.")
            )
        if not fixed_share_grant.starts_on.year <= year <= fixed_share_grant.ends_on.year:
            raise FundingRuleError(_("The grant does not run during this year."))
    row = StaffCost.objects.select_for_update().filter(staff=staff, year=year).first()
    row = row or StaffCost(staff=staff, year=year)
    row.annual_cost = annual_cost
    row.contract_hours = contract_hours
    row.working_time_share = working_time_share
    row.fixed_share = fixed_share
    row.fixed_share_grant = fixed_share_grant
    row.evidence_reference = evidence_reference.strip()
    row.recorded_by = by
    row._history_user = by
    row.save()
    return row


def _check_share(expense: Expense, grant: Grant, percent: Decimal) -> None:
    if not rules.is_percent(percent, allow_zero=False):
        raise FundingRuleError(_("A share must be above 0 and at most 100 %."))
    if grant.status not in SHAREABLE_STATUSES:
        raise FundingRuleError(
            _("Grant %(reference)s is closed: no cost can be charged to it.")
            % {"reference": grant.agreement_reference}
        )
    if not grant.covers(expense.date):
        raise FundingRuleError(
            _("The expense is dated outside the period of grant %(reference)s.")
            % {"reference": grant.agreement_reference}
        )


def _check_total(percents: Iterable[Decimal]) -> None:
    if not rules.shares_ok(percents):
        raise FundingRuleError(_("The shares of an expense cannot total more than 100 %."))


@transaction.atomic
def expense_record(
    *,
    by,
    date: datetime.date,
    supplier: str,
    category: str,
    amount: Decimal,
    invoice_reference: str,
    scan=None,
    shares: Sequence[tuple[Grant, Decimal]] = (),
) -> Expense:
    """Record an expense and the shares of it charged to grants.

    Each grant of a share must cover the expense's date and not be closed; the shares total
    at most 100 % (the rest is paid from the programme's own funds). The same invoice
    (supplier, reference, date, amount) is refused the second time, so a re-import adds nothing.
    """
    supplier, invoice_reference = supplier.strip(), invoice_reference.strip()
    if not supplier or not invoice_reference:
        raise FundingRuleError(_("Give the supplier and the invoice reference."))
    check_choice(category, ExpenseCategory, _("Unknown category of expense."))
    if amount <= 0:
        raise FundingRuleError(_("The amount of an expense must be positive."))
    if date > today():
        raise FundingRuleError(_("An expense cannot be dated in the future."))
    duplicate = Expense.objects.filter(
        supplier=supplier, invoice_reference=invoice_reference, date=date, amount=amount
    ).exists()
    if duplicate:
        raise FundingRuleError(_("This invoice is already recorded."))
    if len({grant.pk for grant, _percent in shares}) != len(shares):
        raise FundingRuleError(_("An expense has one share per grant."))
    # Fresh rows: a grant closed since the caller loaded it takes no more costs.
    current = Grant.objects.in_bulk([grant.pk for grant, _percent in shares])
    shares = [(current[grant.pk], percent) for grant, percent in shares]
    expense = Expense(
        date=date,
        supplier=supplier,
        category=category,
        amount=amount,
        invoice_reference=invoice_reference,
        recorded_by=by,
    )
    for grant, percent in shares:
        _check_share(expense, grant, percent)
    _check_total(percent for _grant, percent in shares)
    check_scan(scan)
    if scan:
        expense.scan = scan
    expense._history_user = by
    expense.save()
    for grant, percent in shares:
        share = ExpenseShare(expense=expense, grant=grant, percent=percent)
        share._history_user = by
        share.save()
    return expense


@transaction.atomic
def expense_share_set(
    *, expense: Expense, grant: Grant, percent: Decimal, by
) -> ExpenseShare | None:
    """Charge a share of an expense to a grant, change it, or remove it with percent 0."""
    # The lock on the expense serialises every change to its shares: the total is checked
    # against rows no one else can change until this transaction ends.
    locked = Expense.objects.select_for_update().get(pk=expense.pk)
    grant = Grant.objects.get(pk=grant.pk)
    existing = {share.grant_id: share for share in locked.shares.all()}
    current = existing.get(grant.pk)
    if percent == 0:
        if current is None:
            return None
        if grant.status == GrantStatus.CLOSED:
            raise FundingRuleError(
                _("Grant %(reference)s is closed: no cost can be charged to it.")
                % {"reference": grant.agreement_reference}
            )
        current._history_user = by
        current.delete()
        return None
    _check_share(locked, grant, percent)
    others = [share.percent for grant_id, share in existing.items() if grant_id != grant.pk]
    _check_total([*others, percent])
    share = current or ExpenseShare(expense=locked, grant=grant)
    share.percent = percent
    share._history_user = by
    share.save()
    return share
