"""Awareness workshops for households and professional trainings for partners' staff.

Both are sessions on a date, at a site, with a number of seats; people register, take a seat or
wait on a waiting list, and their attendance is recorded on the day. What the two share lives in
the abstract Session / SessionRegistration below so that the seat and attendance rules are
written once.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import today
from core.querysets import SiteScopedQuerySet
from core.uploads import random_name


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING_LIST = "waiting_list", _("Waiting list")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class SessionQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: sessions of their sites, or every site for directors and auditors."""


def signed_sheet_path(instance, filename):
    # The original name may carry a person's name: keep only the extension, under a random
    # name (the session's id would let anyone guess the next sheet's name).
    return random_name(f"attendance_sheets/{instance._meta.model_name}", filename)


class Session(models.Model):
    """What a workshop and a training have in common: a dated event with seats at a site."""

    site = models.ForeignKey(
        "accounts.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of seats."))
    topic = models.CharField(_("topic"), max_length=255)
    signed_sheet = models.FileField(
        _("signed attendance sheet"), upload_to=signed_sheet_path, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Stale-edit protection of the edit form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.topic} ({self.date:%d/%m/%Y})"

    @property
    def attendance_not_yet(self) -> bool:
        """Attendance is taken from the session's day on (in Paris), never before."""
        return self.date > today()

    @property
    def attendance_closed(self) -> bool:
        """Whether attendance cannot be recorded now: cancelled, or not the day yet."""
        return self.is_cancelled or self.attendance_not_yet


class Workshop(Session):
    """An awareness workshop where households learn about life and work in other regions."""

    # Empty only on a workshop imported from an archive that kept its date alone.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    regions_presented = models.ManyToManyField(
        "territories.Region",
        blank=True,
        related_name="workshops",
        verbose_name=_("regions presented"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_workshops",
        verbose_name=_("facilitators"),
    )
    language = models.CharField(_("language"), max_length=60)
    interpreter_booked = models.BooleanField(_("interpreter booked"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    # Created by an import of past cases: one per site and day that the archive names.
    imported = models.BooleanField(_("imported"), default=False, editable=False)

    class Meta(Session.Meta):
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [models.Index(fields=["site", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time"))
                | models.Q(imported=True, start_time__isnull=True, end_time__isnull=True),
                name="workshop_ends_after_it_starts",
            )
        ]

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class ProfessionalTraining(Session):
    """A training session for social workers of partner organisations (reception centres…)."""

    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=5, decimal_places=2)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("trainers"),
    )

    class Meta(Session.Meta):
        verbose_name = _("professional training")
        verbose_name_plural = _("professional trainings")
        indexes = [models.Index(fields=["site", "date"])]

    # Trainings are never cancelled in the app: they are edited or left without trainees.
    is_cancelled = False

    def get_absolute_url(self):
        return reverse("workshops:training_detail", kwargs={"pk": self.pk})


class Trainee(models.Model):
    """A professional from a partner organisation who attends trainings."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class SessionRegistration(models.Model):
    """A seat (or a place on the waiting list) for one attendee, and whether they came."""

    # Set by each concrete model: the name of the session and attendee foreign keys.
    session_field = ""
    attendee_field = ""

    status = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def session(self):
        return getattr(self, self.session_field)

    @property
    def attendee(self):
        return getattr(self, self.attendee_field)

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING_LIST


class WorkshopRegistration(SessionRegistration):
    """One person at one workshop; their household is person.household."""

    session_field = "workshop"
    attendee_field = "person"
    mark_url_name = "workshops:attendance_mark"
    remove_url_name = "workshops:registration_remove"

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("workshop")
    )
    person = models.ForeignKey(
        "households.Person",
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
        verbose_name=_("person"),
    )

    # Registrations cleared by a move (services.workshop_registrations_clear_after_move) and
    # removals stay readable here, with who did it and why.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"], name="workshop_registration_once"
            )
        ]
        indexes = [models.Index(fields=["workshop", "status"])]

    def __str__(self):
        return f"{self.person} · {self.workshop}"

    @property
    def attendee_name(self) -> str:
        return self.person.full_name

    @property
    def attendee_detail(self) -> str:
        return self.person.household.reference


class TraineeRegistration(SessionRegistration):
    """One professional at one training."""

    session_field = "training"
    attendee_field = "trainee"
    mark_url_name = "workshops:training_attendance_mark"
    remove_url_name = "workshops:training_registration_remove"

    training = models.ForeignKey(
        ProfessionalTraining,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("training"),
    )
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("trainee")
    )

    class Meta:
        verbose_name = _("trainee registration")
        verbose_name_plural = _("trainee registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "trainee"], name="trainee_registration_once"
            )
        ]
        indexes = [models.Index(fields=["training", "status"])]

    def __str__(self):
        return f"{self.trainee} · {self.training}"

    @property
    def attendee_name(self) -> str:
        return self.trainee.name

    @property
    def attendee_detail(self) -> str:
        parts = [self.trainee.organisation.name, self.trainee.job_title]
        return " — ".join(p for p in parts if p)
