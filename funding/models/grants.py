import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# Funds keep the supporting documents of a grant this many years after 31 December of the
# year of its final payment (the retention the data life cycle waits for).
RETENTION_YEARS = 5


class FunderKind(models.TextChoices):
    EU_FUND = "eu_fund", _("European fund")
    MINISTRY = "ministry", _("Ministry")
    COUNTY = "county", _("Département (county council)")
    REGION = "region", _("Region")
    OTHER = "other", _("Other")


class Funder(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class GrantStatus(models.TextChoices):
    # A grant is feminine in French (« subvention signée »): its own context.
    DRAFT = "draft", pgettext_lazy("grant status", "Draft")
    SIGNED = "signed", pgettext_lazy("grant status", "Signed")
    CLOSED = "closed", pgettext_lazy("grant status", "Closed")


class StaffCostMethod(models.TextChoices):
    ACTUAL_TIME = "actual_time", _("Actual time × hourly rate")
    FIXED_SHARE = "fixed_share", _("Fixed share of working time")


class IndirectCostBase(models.TextChoices):
    DIRECT_ELIGIBLE = "direct_eligible", _("Direct eligible costs")
    DIRECT_STAFF = "direct_staff", _("Direct staff costs")


class GrantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors, auditors and admins read every grant; coordinators those covering one of
        their sites; nobody else (social workers never see the money side)."""
        access = getattr(user, "access", None)
        if access is None:
            return self.none()
        if access.sees_all_sites:
            return self
        coordinated = access.coordinated_site_ids()
        if not coordinated:
            return self.none()
        # Exists rather than a join: a grant covering two of the user's sites stays one row.
        covers = Grant.sites.through.objects.filter(grant=OuterRef("pk"), site__in=coordinated)
        return self.filter(Exists(covers))


class Grant(models.Model):
    """A funding agreement: who pays, for which sites, period, statuses and costs."""

    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="grants", verbose_name=_("funder")
    )
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)
    co_financing_rate = models.DecimalField(
        _("co-financing rate (%)"), max_digits=5, decimal_places=2
    )
    sites = models.ManyToManyField(
        "accounts.Site", related_name="grants", blank=True, verbose_name=_("sites covered")
    )
    # ProtectionStatus values (households.models); the services refuse any other value.
    eligible_statuses = models.JSONField(_("eligible statuses"), default=list, blank=True)
    staff_cost_method = models.CharField(
        _("staff-cost method"),
        max_length=20,
        choices=StaffCostMethod.choices,
        default=StaffCostMethod.ACTUAL_TIME,
    )
    indirect_cost_base = models.CharField(
        _("indirect-cost base"),
        max_length=20,
        choices=IndirectCostBase.choices,
        default=IndirectCostBase.DIRECT_STAFF,
    )
    indirect_cost_rate = models.DecimalField(
        _("indirect-cost rate (%)"), max_digits=5, decimal_places=2, default=0
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    final_payment_on = models.DateField(_("final payment on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Stale-edit protection of the edit form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sites])
    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-starts_on", "agreement_reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="grant_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(co_financing_rate__gte=0, co_financing_rate__lte=100),
                name="grant_co_financing_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(indirect_cost_rate__gte=0, indirect_cost_rate__lte=100),
                name="grant_indirect_cost_rate_percent",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="grant_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(status=GrantStatus.DRAFT) | Q(signed_on__isnull=False),
                name="grant_signed_has_signature_date",
            ),
        ]

    def __str__(self):
        return f"{self.agreement_reference} — {self.title}"

    @property
    def retention_until(self) -> datetime.date | None:
        """The last day its documents must be kept: 31 December, 5 years after final payment."""
        if self.final_payment_on is None:
            return None
        return datetime.date(self.final_payment_on.year + RETENTION_YEARS, 12, 31)

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class IndicatorKind(models.TextChoices):
    HOUSEHOLDS_RELOCATED = "households_relocated", _("Households relocated")
    PERSONS_RELOCATED = "persons_relocated", _("Persons relocated")
    HOUSEHOLDS_SUPPORTED = (
        "households_supported",
        _("Households supported (eligible households with an activity)"),
    )
    WORKSHOPS_HELD = "workshops_held", _("Workshops held")
    PERSONS_INFORMED = "persons_informed", _("Persons informed")
    PROFESSIONALS_TRAINED = "professionals_trained", _("Professionals trained")
    TRAINING_HOURS = "training_hours", _("Training hours")


class GrantIndicator(models.Model):
    """A target the grant agreement sets for one indicator."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("grant")
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=IndicatorKind.choices)
    # Decimal because training hours may be fractional; counts are whole numbers in it.
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant indicator target")
        verbose_name_plural = _("grant indicator targets")
        ordering = ["grant", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "indicator"], name="grant_indicator_once"),
            models.CheckConstraint(condition=Q(target__gte=0), name="grant_indicator_target"),
        ]

    def __str__(self):
        return f"{self.grant.agreement_reference} · {self.get_indicator_display()}: {self.target}"
