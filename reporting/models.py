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
