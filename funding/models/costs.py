from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding import rules

from .uploads import scan_path


class StaffCost(models.Model):
    """What one member of staff costs in one year, from their payslips and contract.

    The hourly rate is annual gross employment cost ÷ the contract's yearly hours when the
    contract gives them, otherwise ÷ (1,720 h × working-time share), a full-time job being
    100 % (see funding.rules.hourly_rate). A fixed share of working time on the action, with
    the grant it is charged to, serves grants whose staff-cost method is the fixed share.
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_costs",
        verbose_name=_("member of staff"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    annual_cost = models.DecimalField(
        _("annual gross employment cost (€)"), max_digits=12, decimal_places=2
    )
    contract_hours = models.DecimalField(
        _("contract hours per year"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    working_time_share = models.DecimalField(
        _("working-time share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_share = models.DecimalField(
        _("fixed share of working time on the action (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fixed_share_grant = models.ForeignKey(
        "funding.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_share_staff_costs",
        verbose_name=_("grant of the fixed share"),
    )
    evidence_reference = models.CharField(
        _("evidence (payslip, contract)"), max_length=255, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("staff cost")
        verbose_name_plural = _("staff costs")
        ordering = ["-year", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "year"], name="staff_cost_once_a_year"),
            models.CheckConstraint(condition=Q(annual_cost__gt=0), name="staff_cost_positive"),
            models.CheckConstraint(
                condition=Q(contract_hours__isnull=True) | Q(working_time_share__isnull=True),
                name="staff_cost_hours_or_share",
            ),
            models.CheckConstraint(
                condition=Q(contract_hours__isnull=True) | Q(contract_hours__gt=0),
                name="staff_cost_contract_hours_positive",
            ),
            models.CheckConstraint(
                condition=Q(working_time_share__isnull=True)
                | Q(working_time_share__gt=0, working_time_share__lte=100),
                name="staff_cost_working_time_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(fixed_share__isnull=True, fixed_share_grant__isnull=True)
                | Q(fixed_share__gt=0, fixed_share__lte=100, fixed_share_grant__isnull=False),
                name="staff_cost_fixed_share_with_grant",
            ),
        ]

    def __str__(self):
        return f"{self.staff} · {self.year}"

    @property
    def hourly_rate(self) -> Decimal:
        return rules.hourly_rate(
            self.annual_cost,
            contract_hours=self.contract_hours,
            working_time_share=self.working_time_share,
        )


class ExpenseCategory(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    SUBSISTENCE = "subsistence", _("Subsistence")
    INTERPRETING = "interpreting", _("Interpreting")
    RENT = "rent", _("Rent")
    EQUIPMENT = "equipment", _("Equipment")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other")


class Expense(models.Model):
    """An invoice or receipt paid by the programme, charged to grants through its shares."""

    date = models.DateField(_("date"))
    supplier = models.CharField(_("supplier"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ExpenseCategory.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    invoice_reference = models.CharField(_("invoice reference"), max_length=100)
    scan = models.FileField(_("scan"), upload_to=scan_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-date", "-id"]
        constraints = [
            # The same invoice read twice (a re-import) is one expense.
            models.UniqueConstraint(
                fields=["supplier", "invoice_reference", "date", "amount"], name="expense_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
        ]

    def __str__(self):
        return f"{self.supplier} {self.invoice_reference} ({self.date:%d/%m/%Y}, {self.amount} €)"


class ExpenseShare(models.Model):
    """The percentage of an expense charged to one grant.

    The shares of one expense total at most 100 %. No portable constraint spans rows, so the
    database guarantees each share is in (0, 100] and one share per grant; the total is the
    rule of funding.services, which locks the expense row (select_for_update) before it adds
    or changes a share, so two concurrent writes cannot both pass the check.
    """

    expense = models.ForeignKey(
        Expense, on_delete=models.CASCADE, related_name="shares", verbose_name=_("expense")
    )
    grant = models.ForeignKey(
        "funding.Grant",
        on_delete=models.PROTECT,
        related_name="expense_shares",
        verbose_name=_("grant"),
    )
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense share")
        verbose_name_plural = _("expense shares")
        ordering = ["expense", "grant"]
        constraints = [
            models.UniqueConstraint(fields=["expense", "grant"], name="expense_share_once"),
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100), name="expense_share_percent"
            ),
        ]

    def __str__(self):
        return f"{self.expense} → {self.grant.agreement_reference}: {self.percent} %"

    @property
    def amount(self) -> Decimal:
        return rules.cents(self.expense.amount * self.percent / rules.HUNDRED)
