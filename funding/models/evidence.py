from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.querysets import SiteScopedQuerySet

from .uploads import scan_path


class EvidenceKind(models.TextChoices):
    OFPRA_DECISION = "ofpra_decision", _("OFPRA decision")
    CNDA_DECISION = "cnda_decision", _("CNDA decision")
    RECEIPT = "receipt", _("Receipt (récépissé)")
    REFUGEE_RESIDENT_CARD = "refugee_resident_card", _("Resident card “réfugié” (10 years)")
    SUBSIDIARY_CARD = (
        "subsidiary_card",
        _("Multi-year card “protection subsidiaire”"),
    )
    FAMILY_REUNIFICATION_VISA = "family_reunification_visa", _("Family-reunification visa")
    OTHER_PERMIT = "other_permit", _("Other residence permit")


class EligibilityEvidenceQuerySet(SiteScopedQuerySet):
    site_field = "person__household__site"


class EligibilityEvidence(models.Model):
    """A document proving a person's status, kept for the funds' eligibility controls."""

    # A removed member takes their evidence with them; the history keeps the row for controls.
    person = models.ForeignKey(
        "households.Person",
        on_delete=models.CASCADE,
        related_name="eligibility_evidence",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EvidenceKind.choices)
    number = models.CharField(_("number"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    scan = models.FileField(_("scan"), upload_to=scan_path, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EligibilityEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility evidence")
        verbose_name_plural = _("eligibility evidence")
        ordering = ["person", "-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="evidence_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True, checked_at__isnull=True)
                | Q(checked_by__isnull=False, checked_at__isnull=False),
                name="evidence_checked_by_and_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None
