from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# No one works more than a day in a day: the hours of one member of staff on one day, every
# grant together, stay within 0–24.
DAY_HOURS = Decimal(24)


class TimeSource(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Awareness workshop")
    TRAINING = "training", _("Professional training")
    MANUAL = "manual", _("Entered by hand")
    CORRECTION = "correction", _("Correction")


# Entries derived from an activity carry its key ("interview:12") and follow it.
ACTIVITY_SOURCES = (TimeSource.INTERVIEW, TimeSource.WORKSHOP, TimeSource.TRAINING)


class TimeEntry(models.Model):
    """Hours one member of staff worked on one day, and the grant they are charged to.

    Entries of interviews, workshops and trainings are written by funding.receivers when the
    activity is saved (one per activity and member of staff: `source_key`); the others by
    hand. A month whose timesheet is countersigned is locked: its entries never change again,
    a mistake is mended by a correction, a new entry dated the day it is recorded, with its
    reason and the entry it corrects. A correction alone may be negative (it takes hours
    back); every other entry is above 0 and at most 24 hours.
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("member of staff"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=255)
    source = models.CharField(_("source"), max_length=20, choices=TimeSource.choices)
    source_key = models.CharField(_("activity key"), max_length=40, blank=True)
    grant = models.ForeignKey(
        "funding.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("grant"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrected entry"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "staff", "id"]
        indexes = [models.Index(fields=["staff", "date"])]
        constraints = [
            # One activity never gives the same person two entries (a re-save updates it).
            models.UniqueConstraint(
                fields=["staff", "source_key"],
                condition=~Q(source_key=""),
                name="time_entry_once_per_activity",
            ),
            models.CheckConstraint(
                condition=Q(
                    source=TimeSource.CORRECTION, hours__gte=-DAY_HOURS, hours__lte=DAY_HOURS
                )
                & ~Q(hours=0)
                | ~Q(source=TimeSource.CORRECTION) & Q(hours__gt=0, hours__lte=DAY_HOURS),
                name="time_entry_hours_in_a_day",
            ),
            models.CheckConstraint(
                condition=Q(source=TimeSource.CORRECTION, corrects__isnull=False)
                | ~Q(source=TimeSource.CORRECTION) & Q(corrects__isnull=True),
                name="time_entry_correction_corrects",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ACTIVITY_SOURCES) & ~Q(source_key="")
                | ~Q(source__in=ACTIVITY_SOURCES) & Q(source_key=""),
                name="time_entry_key_of_activity",
            ),
        ]

    def __str__(self):
        return f"{self.staff} · {self.date:%d/%m/%Y} · {self.hours} h · {self.activity}"


class TimesheetStatus(models.TextChoices):
    # A timesheet is feminine in French (« feuille de temps validée »): its own context.
    OPEN = "open", pgettext_lazy("timesheet status", "Open")
    VALIDATED = "validated", pgettext_lazy("timesheet status", "Validated by the member of staff")
    LOCKED = "locked", pgettext_lazy("timesheet status", "Countersigned (locked)")


class Timesheet(models.Model):
    """One member of staff's hours on one grant in one month, and who signed them.

    Open → validated by the member of staff → countersigned by a director, which locks the
    month: no entry of that staff, grant and month may then be added, changed or removed.
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="timesheets",
        verbose_name=_("member of staff"),
    )
    grant = models.ForeignKey(
        "funding.Grant",
        on_delete=models.PROTECT,
        related_name="timesheets",
        verbose_name=_("grant"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=TimesheetStatus.choices, default=TimesheetStatus.OPEN
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-month", "staff", "grant"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "grant", "month"], name="timesheet_once_a_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="timesheet_month_first_day"),
        ]

    def __str__(self):
        return f"{self.staff} · {self.grant.agreement_reference} · {self.month:%m/%Y}"

    @property
    def is_locked(self) -> bool:
        return self.status == TimesheetStatus.LOCKED

    @property
    def hours(self) -> Decimal:
        """The hours of the sheet: its entries dated in the month, corrections included."""
        total = TimeEntry.objects.filter(
            staff_id=self.staff_id,
            grant_id=self.grant_id,
            date__year=self.month.year,
            date__month=self.month.month,
        ).aggregate(total=Sum("hours"))["total"]
        return total or Decimal(0)
