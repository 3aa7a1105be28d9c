"""The household's consent to share with partners, seen from the referrals already sent.

Withdrawing it (households.services.consent_withdraw) stops every new sharing at once:
referral_send, the one way the programme passes a household's data to a partner, looks for a
consent in force under lock. What a partner already received cannot be called back by the
application, so each referral still in progress when the consent was withdrawn is flagged for
the social worker to ask the partner to stop the processing. The flag is computed, never
stored: from the consents and the referral's answer, it lifts by itself once the household
consents again or the referral is over (refused, or its outcome recorded).
"""

import datetime

from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Consent, ConsentScope
from households.signals import timeline_requested
from households.timeline import TimelineEntry

from .models import Answer, Referral

# A referral the partner is still working on: not answered yet, or accepted with no outcome.
IN_PROGRESS = Q(answer__in=(Answer.PENDING, Answer.NO_ANSWER)) | Q(
    answer=Answer.ACCEPTED, outcome=""
)


def referral_in_progress(referral: Referral) -> bool:
    """The Python twin of IN_PROGRESS, for a referral already loaded."""
    if referral.answer in (Answer.PENDING, Answer.NO_ANSWER):
        return True
    return referral.answer == Answer.ACCEPTED and not referral.outcome


def sharing_withdrawn_on(*, household_id: int) -> datetime.date | None:
    """The day the household last withdrew its consent to share with partners, while no such
    consent is in force again (None otherwise): one query."""
    consents = list(
        Consent.objects.filter(
            household_id=household_id, scope=ConsentScope.PARTNER_SHARING
        ).values_list("withdrawn_on", flat=True)
    )
    if not consents or None in consents:
        return None
    return max(consents)


def _flagged(referral: Referral, withdrawn_on: datetime.date | None) -> bool:
    # Sent before the withdrawal (or on its day) and not over: the partner still holds and
    # uses the data.
    return (
        withdrawn_on is not None
        and referral.sent_on <= withdrawn_on
        and referral_in_progress(referral)
    )


def referral_consent_withdrawn(referral: Referral) -> bool:
    """Whether the partner must be asked to stop processing this referral's data."""
    withdrawn_on = sharing_withdrawn_on(household_id=referral.household_id)
    return _flagged(referral, withdrawn_on)


def referrals_to_stop(*, household) -> list[Referral]:
    """The household's referrals in progress whose partner must be asked to stop processing
    its data, oldest first; two queries at most."""
    return _to_stop(household, sharing_withdrawn_on(household_id=household.pk))


def _to_stop(household, withdrawn_on: datetime.date | None) -> list[Referral]:
    if withdrawn_on is None:
        return []
    return list(
        household.partner_referrals.filter(IN_PROGRESS, sent_on__lte=withdrawn_on)
        .select_related("partner")
        .order_by("sent_on", "id")
    )


@receiver(timeline_requested, dispatch_uid="partners_consent_withdrawn")
def consent_withdrawn_entries(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    """One warning per referral to stop, on the day the consent was withdrawn."""
    withdrawn_on = sharing_withdrawn_on(household_id=household.pk)
    return [
        TimelineEntry(
            on=withdrawn_on,
            title=_("Consent withdrawn: contact %(partner)s to stop the processing")
            % {"partner": referral.partner.name},
            url=reverse("partners:referral_detail", args=[referral.pk]),
            kind="warning",
        )
        for referral in _to_stop(household, withdrawn_on)
    ]
