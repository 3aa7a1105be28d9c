"""The home page ("/"): each role lands on its own work.

Coordinators on their sites' overview and social workers on their caseload (followups, late
items first); directors on the year against the grants' targets and what waits for their
decision; auditors on the grants, their control packs and what they may see. It lives here,
not in followups, because the directors' and auditors' pages read funding and reporting.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import user_access
from followups import views as followups_views

from . import home as selectors


@require_GET
def home(request):
    access = user_access(request.user)
    if access.is_coordinator:
        return followups_views.site_overview(request)
    if access.is_social_worker:
        return followups_views.caseload(request)
    if access.is_director:
        return render(
            request, "reporting/home_director.html", selectors.director_home(user=request.user)
        )
    if access.is_auditor:
        return render(
            request, "reporting/home_auditor.html", selectors.auditor_home(user=request.user)
        )
    # No role on an active site: nothing to show but whom to ask.
    return render(request, "home.html")
