"""The plans' section of the household page, so the households app needs no change."""

from django import template

from accounts.access import user_access

from ..selectors import plans_for_household

register = template.Library()


@register.inclusion_tag("mobility_plans/_household_section.html", takes_context=True)
def household_plans(context, household):
    """The active plan with its step counts, and earlier plans, in two queries."""
    plans = plans_for_household(household=household)
    active = next((p for p in plans if p.is_active), None)
    return {
        "household": household,
        "active_plan": active,
        "earlier_plans": [p for p in plans if p is not active],
        "can_write": user_access(context["request"].user).can_write_site(household.site_id),
    }
