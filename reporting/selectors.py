"""Reads of the reporting app: the reports a user may follow (who may see them: access.py) and
the first year the programme has data for."""

from django.db.models import Min, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from funding.models import Grant
from workshops.models import ProfessionalTraining, Workshop

from .models import HouseholdMilestones, Report


def report_list(*, user) -> QuerySet[Report]:
    """The user's reports (every report for directors), newest first."""
    return Report.objects.visible_to(user).select_related("requested_by")


def report_get_for_user(*, user, pk: int) -> Report:
    """The report, or 404 when the user may not see it."""
    return get_object_or_404(report_list(user=user), pk=pk)


def first_year_with_data(*, user) -> int | None:
    """The year of the earliest dated event at the user's sites: a step of a household
    (its referral first, imported past cases included), a workshop held or a training; None
    when there is none. Three aggregate queries, whatever the size of the data."""
    access = user_access(user)
    earliest = [
        # Each household's first status change, kept on its milestone row.
        HouseholdMilestones.objects.filter(access.site_filter()).aggregate(
            first=Min("first_change_on")
        )["first"],
        Workshop.objects.filter(access.site_filter(), cancelled_at__isnull=True).aggregate(
            first=Min("date")
        )["first"],
        ProfessionalTraining.objects.filter(access.site_filter()).aggregate(first=Min("date"))[
            "first"
        ],
    ]
    dates = [day for day in earliest if day is not None]
    return min(dates).year if dates else None


def with_grant_references(reports) -> list[Report]:
    """The reports, each with the agreement reference of the grant of a pack (one query)."""
    reports = list(reports)
    ids = {r.parameters.get("grant") for r in reports if isinstance(r.parameters, dict)}
    ids = {pk for pk in ids if isinstance(pk, int)}
    references = dict(
        Grant.objects.filter(pk__in=ids).values_list("pk", "agreement_reference") if ids else ()
    )
    for report in reports:
        grant = report.parameters.get("grant") if isinstance(report.parameters, dict) else None
        report.grant_reference = references.get(grant, "")
    return reports
