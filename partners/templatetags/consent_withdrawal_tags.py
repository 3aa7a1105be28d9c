from django import template

from ..consent_withdrawal import referral_consent_withdrawn, referrals_to_stop, sharing_withdrawn_on

register = template.Library()


@register.simple_tag
def household_referrals_to_stop(household):
    """The referrals whose partner must be asked to stop the processing (two queries)."""
    return referrals_to_stop(household=household)


@register.simple_tag
def referral_sharing_withdrawn(referral) -> bool:
    """Whether this referral's partner must be asked to stop the processing (one query)."""
    return referral_consent_withdrawn(referral)


@register.simple_tag
def household_sharing_withdrawn_on(household):
    """The day the consent to share was withdrawn, while none is in force again (one query)."""
    return sharing_withdrawn_on(household_id=household.pk)
