from django import template

from ..subject_access import subject_access_allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def subject_access_offered(context, household) -> bool:
    """Whether the household page offers its right-of-access file (no query: memberships are
    read once per request)."""
    request = context.get("request")
    return request is not None and subject_access_allowed(user=request.user, household=household)
