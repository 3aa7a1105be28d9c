"""The follow-ups' section of the household page, so the households app needs no change."""

from django import template

from accounts.access import user_access
from households.models import Status

from ..selectors import followups_for_household

register = template.Library()

# Steps at which the case can be closed from the follow-ups section.
CLOSABLE = (Status.RELOCATED, Status.FOLLOWED_UP)


@register.inclusion_tag("followups/_household_section.html", takes_context=True)
def household_followups(context, household):
    """The household's follow-ups (one query) with the buttons to act on them."""
    followups = followups_for_household(household=household)
    return {
        "household": household,
        "followups": followups,
        "open_count": sum(1 for f in followups if f.is_open),
        "can_write": user_access(context["request"].user).can_write_site(household.site_id)
        and household.is_active,
        "can_close": household.status in CLOSABLE,
    }
