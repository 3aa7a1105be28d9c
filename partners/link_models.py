"""The link a partner answers a referral through, without an account, and its openings.

The token travels only in the e-mail to the partner's contact: the row keeps its SHA-256,
so that a copy of the database opens nothing. See partners/referral_links.py for its life.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A link works this long after it was made, then says it no longer works.
LINK_VALID_DAYS = 30


def token_hash(token: str) -> str:
    """What the row keeps of a token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()


class LinkAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepts the referral")
    REFUSED = "refused", _("Refuses the referral")
    INTERVIEW = "interview", _("Proposes an interview date")


class LinkRefusalReason(models.TextChoices):
    """The fixed list a partner refuses from: a partner's free text is not asked for."""

    POSITION_FILLED = "position_filled", _("The position or the place is no longer available")
    PROFILE = "profile", _("The profile does not match the request")
    HOUSING_SIZE = "housing_size", _("The housing does not fit the size of the household")
    LANGUAGE = "language", _("The level of French required is not reached")
    DATES = "dates", _("The dates do not suit")
    OTHER = "other", _("Another reason (we will call you)")


class RevocationReason(models.TextChoices):
    BY_STAFF = "by_staff", _("Revoked by the programme")
    REPLACED = "replaced", _("Replaced by a newer link")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to share withdrawn")


class OpeningOutcome(models.TextChoices):
    SHOWN = "shown", _("Shown")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    ALREADY_ANSWERED = "already_answered", _("Already answered")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")


class ReferralLink(models.Model):
    referral = models.ForeignKey(
        "partners.Referral",
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("referral"),
    )
    contact = models.ForeignKey(
        "partners.Contact",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    # Written by the mail task when it makes the token and sends it; empty until then.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    sent_to = models.EmailField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.CharField(
        _("reason for the revocation"),
        max_length=20,
        choices=RevocationReason.choices,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(
        _("answer through the link"), max_length=10, choices=LinkAnswer.choices, blank=True
    )

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.referral} · {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + datetime.timedelta(days=LINK_VALID_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        """Not revoked, not answered, not expired (the consent is checked apart)."""
        return (
            self.revoked_at is None
            and self.answered_at is None
            and timezone.now() < self.expires_at
        )


class ReferralLinkOpening(models.Model):
    """One request on a link, and what it got. No address: the access log keeps requests."""

    link = models.ForeignKey(
        ReferralLink, on_delete=models.CASCADE, related_name="openings", verbose_name=_("link")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=OpeningOutcome.choices)

    class Meta:
        verbose_name = _("opening of an answer link")
        verbose_name_plural = _("openings of answer links")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.link_id} · {self.opened_at:%Y-%m-%d %H:%M} · {self.outcome}"
