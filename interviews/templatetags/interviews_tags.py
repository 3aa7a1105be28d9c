"""The interviews' section of the household page, so the households app needs no change."""

from django import template

from accounts.access import user_access

from ..models import Kind
from ..selectors import interviews_for_household

register = template.Library()


@register.inclusion_tag("interviews/_household_section.html", takes_context=True)
def household_interviews(context, household):
    """The household's interviews (one query) and the buttons to log the next one."""
    user = context["request"].user
    interviews = list(interviews_for_household(household=household))
    return {
        "household": household,
        "interviews": interviews,
        "has_diagnostic": any(i.kind == Kind.DIAGNOSTIC for i in interviews),
        "can_write": user_access(user).can_write_site(household.site_id),
    }
