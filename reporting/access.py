"""Who may see the programme's reports and exports: the one place these rules are written.

Views, exporters and the Report queryset all ask here, so a role's reach is changed once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts.access import user_access


def may_open_dashboards(user) -> bool:
    """Dashboards, the lists behind their figures and the yearly reports: directors (every
    site) and coordinators (their sites)."""
    access = user_access(user)
    return access.is_director or access.is_coordinator


def may_export(user) -> bool:
    """Exports: whoever may open the dashboards, and auditors (read-only, every site)."""
    return may_open_dashboards(user) or user_access(user).is_auditor


def may_request_control_pack(user) -> bool:
    """The financial-control pack: auditors, directors and admins. Not coordinators: the pack
    is the external control of a whole grant, every site it covers; coordinators read their
    sites' statements on the grant pages."""
    access = user_access(user)
    return access.is_director or access.is_auditor


def may_write_commentary(user) -> bool:
    """The commentary of a yearly report, printed for the funders: directors (and admins)
    only. Whoever follows the report reads it."""
    return user_access(user).is_director


def require_dashboards(user) -> None:
    """403 unless the user may open the dashboards and reports."""
    if not may_open_dashboards(user):
        raise PermissionDenied


def require_exports(user) -> None:
    """403 unless the user may run exports."""
    if not may_export(user):
        raise PermissionDenied


def report_filter(user) -> Q:
    """The Report rows the user may follow and download: their own, or every one for directors.

    The parameters of a report never reach beyond the sites of whoever requested it, so a
    director (who sees every site) may read them all.
    """
    if user_access(user).is_director:
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])  # matches no row
    return Q(requested_by=user)
