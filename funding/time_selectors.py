"""Reads of staff time and staff costs: whose entries, timesheets and salaries a user sees.

Who sees what:
- time entries: each member of staff their own, and nobody else's (the "My time" page);
- timesheets: directors, auditors and admins every sheet; coordinators the sheets of the
  grants they see (Grant.objects.visible_to); everyone their own;
- staff costs (salaries): directors, auditors and admins only.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from accounts.models import Membership, Role, User

from .models import Grant, GrantStatus, StaffCost, TimeEntry, Timesheet, TimesheetStatus
from .selectors import worklist_grants


def may_keep_time(user) -> bool:
    """Whoever records activities (social workers, coordinators, directors, admins) has time of
    their own; an external auditor has none."""
    access = user_access(user)
    return access.is_admin or bool(access.roles - {Role.AUDITOR})


def may_read_staff_costs(user) -> bool:
    """Salaries are confidential: directors, auditors and admins only."""
    return user_access(user).sees_all_sites


def may_write_staff_costs(user) -> bool:
    # Auditors read and never write, even when they also hold another role's membership.
    access = user_access(user)
    return access.is_director and (access.is_admin or not access.is_auditor)


def may_countersign(user) -> bool:
    """Directors and admins countersign (the service refuses their own sheets)."""
    return may_write_staff_costs(user)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day of `month` and the first day of the next one."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following


def chargeable_grants(user) -> QuerySet[Grant]:
    """The grants the user may charge their hours to: not closed, covering a site they work at
    (every grant for directors and admins). services.time checks the dates and locks."""
    return (
        worklist_grants(user)
        .select_related(None)
        .exclude(status=GrantStatus.CLOSED)
        .only("pk", "agreement_reference", "title")
        .order_by("agreement_reference")
    )


def validatable_grants(user) -> QuerySet[Grant]:
    """The grants whose sheet the user may validate: those they may charge and those that
    already hold hours of theirs (a grant closed since keeps its hours to sign)."""
    holds = TimeEntry.objects.filter(staff=user, grant=OuterRef("pk"))
    return Grant.objects.filter(Q(pk__in=chargeable_grants(user).values("pk")) | Exists(holds))


def time_entry_get_for_user(*, user, pk: int) -> TimeEntry:
    """One of the user's own time entries, or 404 (nobody reaches another person's hours)."""
    return get_object_or_404(
        TimeEntry.objects.filter(staff=user).select_related("grant", "corrects"), pk=pk
    )


@dataclass
class GrantMonth:
    """The user's hours of one month on one grant (grant None: not allocated yet)."""

    grant: Grant | None
    sheet: Timesheet | None = None
    entries: list[TimeEntry] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((entry.hours for entry in self.entries), Decimal(0))

    @property
    def is_locked(self) -> bool:
        return self.sheet is not None and self.sheet.is_locked

    @property
    def can_validate(self) -> bool:
        return self.grant is not None and (
            self.sheet is None or self.sheet.status == TimesheetStatus.OPEN
        )


def month_time(*, user, month: datetime.date) -> list[GrantMonth]:
    """The user's entries dated in `month`, grouped by grant (by agreement reference, the
    hours not allocated last), each group with its timesheet. Two queries.

    A grant with a timesheet but no entry this month is listed too, so its sheet can be
    signed and seen.
    """
    start, end = month_bounds(month)
    entries = (
        TimeEntry.objects.filter(staff=user, date__gte=start, date__lt=end)
        .select_related("grant", "corrects")
        .order_by("date", "id")
    )
    sheets = Timesheet.objects.filter(staff=user, month=start).select_related(
        "grant", "validated_by", "countersigned_by"
    )
    groups: dict[int | None, GrantMonth] = {}
    for sheet in sheets:
        groups[sheet.grant_id] = GrantMonth(grant=sheet.grant, sheet=sheet)
    for entry in entries:
        group = groups.setdefault(entry.grant_id, GrantMonth(grant=entry.grant))
        group.entries.append(entry)
    return sorted(
        groups.values(),
        key=lambda group: (group.grant is None, group.grant and group.grant.agreement_reference),
    )


def _sheet_hours() -> Subquery:
    # The hours of each sheet in SQL (its staff, grant and month), so that a list of sheets
    # never asks for each row's total (Timesheet.hours) one by one.
    rows = (
        TimeEntry.objects.annotate(entry_month=TruncMonth("date"))
        .filter(staff=OuterRef("staff"), grant=OuterRef("grant"), entry_month=OuterRef("month"))
        .order_by()
        .values("staff")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    decimal = DecimalField(max_digits=9, decimal_places=2)
    return Coalesce(Subquery(rows, output_field=decimal), Value(Decimal(0)), output_field=decimal)


def timesheet_list(user) -> QuerySet[Timesheet]:
    """The sheets the user may read, each with its staff, grant, signatories and `hours_total`
    (one query, whatever the number of sheets)."""
    sheets = Timesheet.objects.select_related(
        "staff", "grant", "validated_by", "countersigned_by"
    ).annotate(hours_total=_sheet_hours())
    if user_access(user).sees_all_sites:
        return sheets
    return sheets.filter(Q(staff=user) | Q(grant__in=Grant.objects.visible_to(user)))


def timesheet_get_for_user(*, user, pk: int) -> Timesheet:
    """One sheet the user may read, or 404."""
    return get_object_or_404(timesheet_list(user), pk=pk)


def timesheet_entries(sheet: Timesheet) -> list[TimeEntry]:
    """The entries of the sheet's staff, grant and month, corrections with what they correct."""
    start, end = month_bounds(sheet.month)
    return list(
        TimeEntry.objects.filter(
            staff_id=sheet.staff_id, grant_id=sheet.grant_id, date__gte=start, date__lt=end
        )
        .select_related("corrects", "recorded_by")
        .order_by("date", "id")
    )


def timesheet_staff_choices(sheets: QuerySet[Timesheet]) -> QuerySet[User]:
    """The members of staff who have a sheet among `sheets`: the choices of the list's filter."""
    return User.objects.filter(Exists(sheets.filter(staff=OuterRef("pk")).values("pk"))).order_by(
        "last_name", "first_name", "username"
    )


def timesheet_grant_choices(sheets: QuerySet[Timesheet]) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(Exists(sheets.filter(grant=OuterRef("pk")).values("pk")))
        .only("pk", "agreement_reference", "title")
        .order_by("agreement_reference")
    )


def staff_cost_list(user) -> QuerySet[StaffCost]:
    """The staff costs the user may read (every one, for the readers of salaries; none
    otherwise), with their staff and grant of the fixed share."""
    if not may_read_staff_costs(user):
        return StaffCost.objects.none()
    return StaffCost.objects.select_related("staff", "fixed_share_grant").order_by(
        "-year", "staff__last_name", "staff__first_name", "staff__username"
    )


def staff_cost_get_for_user(*, user, pk: int) -> StaffCost:
    return get_object_or_404(staff_cost_list(user), pk=pk)


def staff_members() -> QuerySet[User]:
    """Active users with a role that does the work (not auditors): who may have a staff cost."""
    return (
        User.objects.filter(is_active=True)
        .filter(Exists(Membership.objects.filter(user=OuterRef("pk")).exclude(role=Role.AUDITOR)))
        .order_by("last_name", "first_name", "username")
    )
