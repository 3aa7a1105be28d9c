"""Reads of the reporting app: the reports a user may follow (who may see them: access.py)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Report


def report_list(*, user) -> QuerySet[Report]:
    """The user's reports (every report for directors), newest first."""
    return Report.objects.visible_to(user).select_related("requested_by")


def report_get_for_user(*, user, pk: int) -> Report:
    """The report, or 404 when the user may not see it."""
    return get_object_or_404(report_list(user=user), pk=pk)
