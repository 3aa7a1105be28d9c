"""The funding section of the household page, so the households app needs no change."""

from django import template

from accounts.access import user_access

from ..selectors import household_funding, may_check_evidence

register = template.Library()


@register.simple_tag(takes_context=True)
def household_funding_section(context, household):
    """The members' evidence and the household's eligibility for each grant the user sees
    covering its site, in a fixed number of queries (selectors.household_funding)."""
    user = context["request"].user
    funding = household_funding(user=user, household=household)
    return {
        **funding,
        "can_record": user_access(user).can_write_site(household.site_id) and household.is_active,
        "can_check": may_check_evidence(user, site_id=household.site_id),
    }
