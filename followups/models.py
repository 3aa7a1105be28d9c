import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.querysets import SiteScopedQuerySet
from households.models import Employment

# Months after the move at which the programme checks on a relocated household.
SCHEDULE_MONTHS = (1, 3, 6, 12)


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")
    # A follow-up of a move entered as history whose date had passed when it was entered, and
    # whose outcome is not known: no work to do, no missed visit, until someone records it.
    NOT_RECORDED = "not_recorded", _("Not recorded (imported)")


class Method(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    PARTNER_REPORT = "partner_report", _("Partner's report")


class HousingKind(models.TextChoices):
    SOCIAL = "social", _("Social housing")
    PRIVATE = "private", _("Private rental")
    HOSTEL = "hostel", _("Workers' or young workers' hostel")
    TEMPORARY = "temporary", _("Temporary accommodation")
    HOSTED = "hosted", _("Hosted by a third party")
    OTHER = "other", _("Other")


class Location(models.TextChoices):
    TARGET_REGION = "target_region", _("Still in the target region")
    RETURNED_IDF = "returned_idf", _("Returned to Île-de-France")
    ELSEWHERE = "elsewhere", _("Moved elsewhere")


class FollowUpQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: follow-ups of the households the user may read."""

    site_field = "household__site"

    def open(self):
        return self.filter(status=FollowUpStatus.SCHEDULED)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_on__lt=today)


class FollowUp(models.Model):
    """One check on a relocated household: planned at a date, then recorded with its outcome."""

    relocation = models.ForeignKey(
        "mobility_plans.Relocation",
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("relocation"),
    )
    # Kept beside the relocation so that lists and scoping need no extra join.
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("household"),
    )
    # 1, 3, 6 or 12 for the programme's schedule; empty for an extra follow-up.
    months_after = models.PositiveSmallIntegerField(_("months after the move"), null=True)
    due_on = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.SCHEDULED,
        db_index=True,
    )
    # Set by the daily job the first day it finds the follow-up late.
    marked_overdue_on = models.DateField(_("marked overdue on"), null=True, blank=True)

    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The day the household was found unreachable for this follow-up.
    missed_on = models.DateField(_("missed on"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=20, choices=Method.choices, blank=True)
    housing_kept = models.BooleanField(_("housing kept"), null=True, blank=True)
    housing_kind = models.CharField(
        _("kind of housing"), max_length=20, choices=HousingKind.choices, blank=True
    )
    employment = models.CharField(
        _("employment situation"), max_length=20, choices=Employment.choices, blank=True
    )
    in_training = models.BooleanField(_("in training"), null=True, blank=True)
    children_at_school = models.BooleanField(_("children at school"), null=True, blank=True)
    health_insurance_opened = models.BooleanField(_("health insurance opened"), default=False)
    family_benefits_opened = models.BooleanField(_("family benefits opened"), default=False)
    employment_service_registered = models.BooleanField(
        _("registered with the employment service"), default=False
    )
    location = models.CharField(
        _("where the household lives"), max_length=20, choices=Location.choices, blank=True
    )
    difficulties = models.TextField(_("difficulties"), blank=True)
    next_actions = models.TextField(_("next actions"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Stale-edit protection of the record form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            # The schedule is made once per relocation; extra follow-ups have no month.
            models.UniqueConstraint(
                fields=["relocation", "months_after"],
                condition=models.Q(months_after__isnull=False),
                name="followup_one_per_scheduled_month",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="followup_done_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.household} · {self.due_on}"

    @property
    def label(self) -> str:
        if self.months_after:
            return str(_("Follow-up at %(months)s months") % {"months": self.months_after})
        return str(_("Extra follow-up"))

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.SCHEDULED

    @property
    def can_be_marked_missed(self) -> bool:
        """Scheduled, or imported without its outcome (the archive may say it was missed)."""
        return self.status in (FollowUpStatus.SCHEDULED, FollowUpStatus.NOT_RECORDED)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < dates.today()


class PlanStepOverdue(models.Model):
    """The daily job's mark on a plan step found late (the step itself lives in mobility_plans)."""

    step = models.OneToOneField(
        "mobility_plans.PlanStep",
        on_delete=models.CASCADE,
        related_name="overdue_mark",
        verbose_name=_("plan step"),
    )
    marked_on = models.DateField(_("marked overdue on"))

    class Meta:
        verbose_name = _("overdue plan step")
        verbose_name_plural = _("overdue plan steps")

    def __str__(self):
        return f"{self.step_id} · {self.marked_on}"


class DigestLog(models.Model):
    """One digest e-mail sent to a user on a day; the constraint makes the daily job idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_logs",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    item_count = models.PositiveIntegerField(_("items listed"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-day", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_one_per_user_and_day")
        ]

    def __str__(self):
        return f"{self.user} · {self.day}"
