from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import report_filter

# A short commentary: about half a page of the PDF.
COMMENTARY_MAX_LENGTH = 2000


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports the user may follow and download (see access.report_filter)."""
        return self.filter(report_filter(user))


def report_upload_to(instance, filename):
    return f"reports/{instance.created_at:%Y}/{instance.pk}-{filename}"


class Report(models.Model):
    """A file built in the background by an exporter (the yearly PDF for funders…)."""

    kind = models.CharField(_("kind"), max_length=50)
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    # The SHA-256 of the stored file, so a file handed to a funder can be checked against it.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The director's word to the funders, printed in the yearly PDF (never about a person).
    commentary = models.TextField(
        _("director's commentary"), max_length=COMMENTARY_MAX_LENGTH, blank=True
    )
    # Raised by each save of the commentary: an edit made from an older page is refused.
    commentary_version = models.PositiveIntegerField(_("commentary version"), default=0)
    commentary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commentary written by"),
    )
    commentary_at = models.DateTimeField(_("commentary written at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1].split("-", 1)[-1] if self.file else ""


class HouseholdMilestones(models.Model):
    """One row per household: the first date of each step of its funnel and what the
    indicators group it by, derived from its events (reporting.milestones).

    Never typed: reporting.milestones.milestones_refresh writes it from the status changes,
    workshops and interviews, in the transaction of every service that writes them (the
    households signal `milestones_changed`), so the figures aggregate one narrow row per
    household instead of grouping the status history on every request. A derived copy, so
    no history of its own; `manage.py milestones_rebuild` recomputes every row.
    """

    household = models.OneToOneField(
        "households.Household",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="milestones",
    )
    site = models.ForeignKey("accounts.Site", on_delete=models.CASCADE, related_name="+")
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20)
    referral_date = models.DateField()
    # The first date the household reached the step or any later one (steps_from), from its
    # status changes; None when it never did.
    d_referred = models.DateField(null=True)
    d_informed = models.DateField(null=True)
    d_diagnosed = models.DateField(null=True)
    d_plan_signed = models.DateField(null=True)
    d_relocated = models.DateField(null=True)
    d_followed_up = models.DateField(null=True)
    # Its last change to a funnel step: a household with no step dated from a period's start
    # on reached no step in it (the funnel reads only rows with last_step_on >= start).
    last_step_on = models.DateField(null=True)
    # Its first status change of any kind, its first closing or withdrawal, and its
    # withdrawal (a withdrawal ends the case: there is at most one) with its reason.
    first_change_on = models.DateField(null=True)
    ended_on = models.DateField(null=True)
    withdrawn_on = models.DateField(null=True)
    withdrawal_reason = models.CharField(max_length=30, blank=True)
    # The first workshop a member attended (not cancelled) or first interview, whichever is
    # earlier: the first information of the relocation durations, with d_informed.
    first_event_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["first_change_on"], name="milestones_first_change"),
            models.Index(fields=["site", "first_change_on"], name="milestones_site_first"),
            models.Index(fields=["last_step_on"], name="milestones_last_step"),
            models.Index(fields=["d_referred"], name="milestones_referred"),
            models.Index(fields=["referral_date"], name="milestones_referral"),
            models.Index(fields=["withdrawn_on"], name="milestones_withdrawn"),
        ]

    def __str__(self):
        return f"milestones of {self.household_id}"


class FiguresChange(models.Model):
    """One row per transaction that changed a table the indicators read (its `source`),
    written by the database itself (triggers of migration 0005, PostgreSQL only) in that
    transaction: the indicators' cache (reporting.figures_cache) knows from these rows, read
    in the same snapshot as the figures, whether a cached family is still exact.

    `token` is random, so the rows of a restored backup or a rolled-back test never name
    the same version as rows written since. Folded into FiguresBase by
    figures_cache.changes_fold (hourly)."""

    source = models.CharField(max_length=63)
    token = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["source", "id"], name="figures_change_source")]

    def __str__(self):
        return f"{self.source} #{self.pk}"


class FiguresBase(models.Model):
    """The changes of one source folded so far: their number and the token of the last."""

    source = models.CharField(max_length=63, primary_key=True)
    changes = models.BigIntegerField(default=0)
    token = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.source}: {self.changes}"
