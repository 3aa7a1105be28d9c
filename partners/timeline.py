"""Referrals on the household timeline: one entry when sent, one when the partner answered."""

from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import user_access
from households.signals import timeline_requested
from households.timeline import TimelineEntry

from .models import Answer, ReferralLink
from .selectors import REFERRAL_FREE_TEXT


@receiver(timeline_requested, dispatch_uid="referral_entries")
def referral_entries(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    """One query whatever the number of referrals."""
    reads_free_text = user_access(user).reads_free_text
    entries = []
    referrals = household.partner_referrals.select_related("partner", "offer").annotate(
        # The partner answered itself, through the link e-mailed to it (referral_links.py).
        through_link=Exists(
            ReferralLink.objects.filter(referral=OuterRef("pk"), answered_at__isnull=False)
        )
    )
    if not reads_free_text:
        referrals = referrals.defer(*REFERRAL_FREE_TEXT)
    for referral in referrals:
        url = reverse("partners:referral_detail", args=[referral.pk])
        target = referral.partner.name
        if referral.offer_id:
            target = f"{target} — {referral.offer.title}"
        entries.append(
            TimelineEntry(
                on=referral.sent_on,
                title=_("Referred to %(partner)s") % {"partner": target},
                detail=referral.get_channel_display(),
                url=url,
                kind="referral",
                at=referral.created_at,
            )
        )
        if referral.answer != Answer.PENDING and referral.answered_on:
            # The refusal reason is free text about the household: never for auditors.
            refused = referral.answer == Answer.REFUSED
            detail = referral.refusal_reason if refused and reads_free_text else ""
            if referral.through_link:
                by_link = _("answered by the partner through the answer link")
                detail = f"{detail} ({by_link})" if detail else by_link.capitalize()
            entries.append(
                TimelineEntry(
                    on=referral.answered_on,
                    title=_("Answer from %(partner)s: %(answer)s")
                    % {"partner": referral.partner.name, "answer": referral.get_answer_display()},
                    detail=detail,
                    url=url,
                    kind="referral",
                    # The answer has no time of its own: its last change is the nearest.
                    at=referral.updated_at,
                )
            )
    return entries
