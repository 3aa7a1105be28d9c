from django import template

from ..selectors import referrals_for_household

register = template.Library()


@register.simple_tag
def household_referrals(household):
    """The household's referrals for its page section, in one query."""
    return list(referrals_for_household(household=household))
