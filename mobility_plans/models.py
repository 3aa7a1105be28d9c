import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.querysets import SiteScopedQuerySet


class Lever(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    TRAINING = "training", _("Training")
    HOUSING = "housing", _("Housing")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    REALISED = "realised", _("Realised")
    ABANDONED = "abandoned", _("Abandoned")


# A household has at most one plan in these states at a time.
ACTIVE_STATUSES = (PlanStatus.DRAFT, PlanStatus.SIGNED)


class MobilityPlanQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: plans of the households the user may read."""

    site_field = "household__site"

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class MobilityPlan(models.Model):
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="mobility_plans",
        verbose_name=_("household"),
    )
    # The plan interview (interview 2) at which the plan was built.
    interview = models.OneToOneField(
        "interviews.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("plan interview"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # Asked of every plan built here; empty only on an imported plan whose lever the archive
    # did not keep (a withdrawn case, typically).
    lever = models.CharField(_("lever"), max_length=20, choices=Lever.choices, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    persons = models.ManyToManyField(
        "households.Person",
        related_name="mobility_plans",
        blank=True,
        verbose_name=_("persons who will move"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    abandoned_on = models.DateField(_("abandoned on"), null=True, blank=True)
    abandon_reason = models.TextField(_("reason for abandoning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Stale-edit protection of the correction form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    # A correction keeps who made it, when and why (history_change_reason).
    history = HistoricalRecords(excluded_fields=["created_at", "version"], m2m_fields=["persons"])
    objects = MobilityPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobility plan")
        verbose_name_plural = _("mobility plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status__in=["draft", "signed"]),
                name="mobility_plan_one_active_per_household",
            )
        ]

    def __str__(self):
        return f"{self.household} · {self.get_lever_display()} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("mobility_plans:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class PlanTarget(models.Model):
    plan = models.ForeignKey(
        MobilityPlan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    preference = models.PositiveSmallIntegerField(_("preference"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")
        ordering = ["preference", "id"]

    def __str__(self):
        return str(self.departement or self.region)


class PlanStep(models.Model):
    plan = models.ForeignKey(
        MobilityPlan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    action = models.CharField(_("action"), max_length=300)
    # Who does it: the household, the social worker, a partner… free text on purpose.
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["id"]

    def __str__(self):
        return self.action

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def days_late(self, today: datetime.date) -> int:
        """Days since the due date passed without the step being done (0 when not late)."""
        if self.done_on is not None or self.due_on is None or self.due_on >= today:
            return 0
        return (today - self.due_on).days


class HousingObtained(models.TextChoices):
    SOCIAL = "social", _("Social housing")
    PRIVATE = "private", _("Private rental")
    HOSTEL = "hostel", _("Workers' or young workers' hostel")
    TEMPORARY = "temporary", _("Temporary accommodation")
    OTHER = "other", _("Other")
    NONE = "none", _("None yet")


class RelocationQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: relocations of the households the user may read."""

    site_field = "household__site"


class Relocation(models.Model):
    """The move itself: the realisation of a signed plan."""

    plan = models.OneToOneField(
        MobilityPlan, on_delete=models.PROTECT, related_name="relocation", verbose_name=_("plan")
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="relocations",
        verbose_name=_("household"),
    )
    moved_on = models.DateField(_("moving date"))
    # Blank (commune, housing) only on a move imported from an archive that did not keep them.
    commune = models.CharField(_("destination commune"), max_length=120, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination département"),
    )
    lever_used = models.CharField(_("lever actually used"), max_length=20, choices=Lever.choices)
    housing_obtained = models.CharField(
        _("housing obtained"), max_length=20, choices=HousingObtained.choices, blank=True
    )
    job_or_training = models.CharField(_("job or training obtained"), max_length=300, blank=True)
    persons = models.ManyToManyField(
        "households.Person", related_name="relocations", blank=True, verbose_name=_("who moved")
    )
    # Filled only when a coordinator allowed a destination inside Île-de-France.
    idf_override_reason = models.TextField(_("reason for staying in Île-de-France"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])
    objects = RelocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relocation")
        verbose_name_plural = _("relocations")
        ordering = ["-moved_on", "-id"]
        # Moves of a period (indicators, drill-down lists).
        indexes = [models.Index(fields=["moved_on"])]

    def __str__(self):
        return f"{self.household} → {self.commune} ({self.departement_id})"
