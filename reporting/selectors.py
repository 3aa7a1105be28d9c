from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import user_access

from .models import Report


def require_dashboard(user) -> None:
    """Dashboards and reports are for directors (all sites) and coordinators (their sites)."""
    access = user_access(user)
    if not (access.is_director or access.is_coordinator):
        raise PermissionDenied


def require_exports(user) -> None:
    """Exports are for directors, coordinators and auditors (read-only, all sites)."""
    access = user_access(user)
    if not (access.is_director or access.is_coordinator or access.is_auditor):
        raise PermissionDenied


def report_list(*, user) -> QuerySet[Report]:
    """The user's reports (every report for directors), newest first."""
    return Report.objects.visible_to(user).select_related("requested_by")


def report_get_for_user(*, user, pk: int) -> Report:
    """The report, or 404 when the user may not see it."""
    return get_object_or_404(report_list(user=user), pk=pk)
