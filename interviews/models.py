from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.querysets import SiteScopedQuerySet
from households.models import Accommodation, DrivingLicence, Employment, FrenchLevel


class Kind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic (interview 1)")
    MOBILITY_PLAN = "mobility_plan", _("Mobility plan (interview 2)")
    OTHER = "other", _("Other (follow-up talk, phone call)")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")


class InterviewQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: interviews of the households the user may read."""

    site_field = "household__site"


class Interview(models.Model):
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("household"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    held_on = models.DateField(_("date"))
    # Both asked of every interview entered here; empty only on an interview imported from an
    # archive that kept its date alone (history_import).
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, null=True, blank=True
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews_held",
        verbose_name=_("social worker"),
    )
    persons_present = models.ManyToManyField(
        "households.Person",
        related_name="interviews",
        blank=True,
        verbose_name=_("persons present"),
    )
    language = models.CharField(_("language used"), max_length=100, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    mode = models.CharField(_("held"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Stale-edit protection of the correction form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    # A correction keeps who made it, when and why (history_change_reason).
    history = HistoricalRecords(
        excluded_fields=["created_at", "version"], m2m_fields=["persons_present"]
    )
    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "held_on"]),
            # Interviews of a period (indicators) and a household's first interview.
            models.Index(fields=["held_on", "kind"]),
            models.Index(fields=["household", "held_on"]),
        ]

    def __str__(self):
        return f"{self.household} · {self.get_kind_display()} · {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:detail", args=[self.pk])


class Willingness(models.TextChoices):
    YES = "yes", _("Willing to move")
    HESITANT = "hesitant", _("Hesitant")
    NO = "no", _("Not willing")


class HealthInsurance(models.TextChoices):
    COVERED = "covered", _("Covered (PUMa, with or without complementary cover)")
    PENDING = "pending", _("Application pending")
    NONE = "none", _("No cover")


class DiagnosticAssessment(models.Model):
    """The structured part of interview 1: where the household stands before a move."""

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("interview")
    )
    housing_situation = models.CharField(
        _("housing situation"), max_length=30, choices=Accommodation.choices, blank=True
    )
    housing_difficulties = models.TextField(_("housing difficulties"), blank=True)
    employment_situation = models.CharField(
        _("employment situation"), max_length=20, choices=Employment.choices, blank=True
    )
    employment_difficulties = models.TextField(_("employment difficulties"), blank=True)
    french_level = models.CharField(
        _("French level"), max_length=5, choices=FrenchLevel.choices, blank=True
    )
    health_constraints = models.TextField(_("health or disability constraints"), blank=True)
    children_schooling = models.TextField(_("children's schooling"), blank=True)
    family_ties = models.TextField(_("family and community ties"), blank=True)
    driving_licence = models.CharField(
        _("driving licence"), max_length=10, choices=DrivingLicence.choices, blank=True
    )
    mobility = models.TextField(_("mobility (transport, car)"), blank=True)
    debts = models.TextField(_("debts"), blank=True)
    benefits = models.TextField(_("rights and benefits (CAF, RSA…)"), blank=True)
    health_insurance = models.CharField(
        _("health insurance"), max_length=10, choices=HealthInsurance.choices, blank=True
    )
    willingness_to_move = models.CharField(
        _("willingness to move"), max_length=10, choices=Willingness.choices, blank=True
    )
    accepts_city = models.BooleanField(_("a large city"), default=False)
    accepts_town = models.BooleanField(_("a medium-sized town"), default=False)
    accepts_small_town = models.BooleanField(_("a small town"), default=False)
    accepts_rural = models.BooleanField(_("a rural area"), default=False)
    places_comment = models.TextField(_("wishes about places"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic assessment")
        verbose_name_plural = _("diagnostic assessments")

    def __str__(self):
        return str(self.interview)

    # Free-text fields about the person: hidden from auditors like notes.
    TEXT_FIELDS = (
        "housing_difficulties",
        "employment_difficulties",
        "health_constraints",
        "children_schooling",
        "family_ties",
        "mobility",
        "debts",
        "benefits",
        "places_comment",
    )

    def accepted_places(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("accepts_city", "accepts_town", "accepts_small_town", "accepts_rural")
            if getattr(self, name)
        ]
