"""A household's consents: to the processing of its data, and to sharing it with partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .household import Household


class ConsentScope(models.TextChoices):
    PROCESSING = "processing", _("Processing of personal data")
    PARTNER_SHARING = "partner_sharing", _("Sharing with partners")


class Consent(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="consents", verbose_name=_("household")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When the consent was typed in, which orders the timeline within its day; empty on the
    # consents recorded before this was kept.
    recorded_at = models.DateTimeField(auto_now_add=True, null=True, editable=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            # Only one consent of a scope may be in force at a time.
            models.UniqueConstraint(
                fields=["household", "scope"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_scope",
            )
        ]

    def __str__(self):
        return f"{self.household} · {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
