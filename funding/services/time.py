"""Staff time: entries that follow the activities, entries by hand, timesheets and corrections.

Rules every write here keeps:
- a month is locked once its timesheet (member of staff, grant, month) is countersigned: no
  entry of it is added, changed or removed afterwards, by hand or by an activity; a mistake
  is mended by a correction (`time_entry_correct`), dated the day it is recorded;
- one staff hour is never charged twice: an activity gives each person one entry (database
  constraint and `_activity_entries`), and one person's hours on one day, every grant
  together and corrections counted on the day they correct, stay within 0–24;
- an entry written from an activity is charged to the one signed grant covering the
  activity's site and date, when there is exactly one; otherwise it is left without a grant
  and allocated by hand (`time_entry_set_grant`). A grant already set stays while it still
  covers the activity.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today
from funding.models import (
    DAY_HOURS,
    Grant,
    GrantStatus,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
    TimeSource,
)
from workshops.models import Workshop

from .base import FundingRuleError

HOUR_STEP = Decimal("0.01")
MINUTES = Decimal(60)


def _hours(value: Decimal) -> Decimal:
    return Decimal(value).quantize(HOUR_STEP, rounding=ROUND_HALF_UP)


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _check_not_locked(*, staff_id: int, grant_id: int | None, day: datetime.date) -> None:
    if grant_id is None:
        return
    locked = Timesheet.objects.filter(
        staff_id=staff_id, grant_id=grant_id, month=_month(day), status=TimesheetStatus.LOCKED
    ).exists()
    if locked:
        raise FundingRuleError(
            _(
                "The timesheet of %(month)s is countersigned: its hours can no longer change. "
                "Record a correction instead."
            )
            % {"month": f"{day:%m/%Y}"}
        )


def _day_total(*, staff_id: int, day: datetime.date, exclude_pk: int | None = None) -> Decimal:
    """One person's hours on `day`, every grant together; a correction counts on the day of
    the entry it corrects."""
    on_day = Q(date=day) & ~Q(source=TimeSource.CORRECTION) | Q(
        source=TimeSource.CORRECTION, corrects__date=day
    )
    rows = TimeEntry.objects.filter(on_day, staff_id=staff_id)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def _check_day(*, staff, day: datetime.date, hours: Decimal, exclude_pk=None) -> None:
    total = _day_total(staff_id=staff.pk, day=day, exclude_pk=exclude_pk) + hours
    if total > DAY_HOURS:
        raise FundingRuleError(
            _("%(staff)s would have more than 24 hours on %(day)s: hours are charged once.")
            % {"staff": staff, "day": f"{day:%d/%m/%Y}"}
        )
    if total < 0:
        raise FundingRuleError(_("A correction cannot take back more hours than were recorded."))


def _check_grant(grant: Grant | None, day: datetime.date) -> None:
    if grant is None:
        return
    if grant.status == GrantStatus.CLOSED:
        raise FundingRuleError(
            _("Grant %(reference)s is closed: no cost can be charged to it.")
            % {"reference": grant.agreement_reference}
        )
    if not grant.covers(day):
        raise FundingRuleError(
            _("The hours are dated outside the period of grant %(reference)s.")
            % {"reference": grant.agreement_reference}
        )


def _save(entry: TimeEntry, by) -> TimeEntry:
    entry._history_user = by
    entry.save()
    return entry


def _grant_for(site_id: int, day: datetime.date) -> Grant | None:
    grants = list(
        Grant.objects.filter(
            status=GrantStatus.SIGNED, sites=site_id, starts_on__lte=day, ends_on__gte=day
        )[:2]
    )
    return grants[0] if len(grants) == 1 else None


def _activity_entries(
    *,
    source: str,
    key: str,
    label: str,
    site_id: int,
    day: datetime.date,
    hours_by_staff: dict,
    by,
) -> list[TimeEntry]:
    """Make the entries of one activity match `hours_by_staff` ({user: hours}): one entry per
    person, updated in place, removed for those no longer in it."""
    existing = {
        entry.staff_id: entry
        for entry in TimeEntry.objects.select_for_update().filter(source_key=key)
    }
    rounded = {user: _hours(hours) for user, hours in hours_by_staff.items()}
    wanted = {user.pk: (user, hours) for user, hours in rounded.items() if hours}
    for staff_id, entry in existing.items():
        if staff_id not in wanted:
            _check_not_locked(staff_id=staff_id, grant_id=entry.grant_id, day=entry.date)
            entry._history_user = by
            entry.delete()
    default_grant = _grant_for(site_id, day) if wanted else None
    saved = []
    for staff_id, (user, hours) in wanted.items():
        entry = existing.get(staff_id)
        if entry is None:
            entry = TimeEntry(staff=user, source=source, source_key=key, recorded_by=by)
        elif (entry.date, entry.hours, entry.activity) == (day, hours, label):
            saved.append(entry)
            continue
        else:
            _check_not_locked(staff_id=staff_id, grant_id=entry.grant_id, day=entry.date)
        if entry.grant is None or not entry.grant.covers(day):
            entry.grant = default_grant
        _check_not_locked(staff_id=staff_id, grant_id=entry.grant_id, day=day)
        _check_day(staff=user, day=day, hours=hours, exclude_pk=entry.pk)
        entry.date, entry.hours, entry.activity = day, hours, label
        saved.append(_save(entry, by))
    return saved


def time_entries_follow_interview(*, interview, by) -> list[TimeEntry]:
    """The social worker's hours of an interview: its duration on the day it was held."""
    return _activity_entries(
        source=TimeSource.INTERVIEW,
        key=f"interview:{interview.pk}",
        label=f"{interview.get_kind_display()} · {interview.household.reference}",
        site_id=interview.household.site_id,
        day=interview.held_on,
        hours_by_staff={interview.social_worker: Decimal(interview.duration_minutes) / MINUTES},
        by=by,
    )


def _workshop_hours(workshop) -> Decimal:
    start = datetime.datetime.combine(workshop.date, workshop.start_time)
    end = datetime.datetime.combine(workshop.date, workshop.end_time)
    return Decimal((end - start).seconds) / MINUTES / MINUTES


def time_entries_follow_session(*, session, by) -> list[TimeEntry]:
    """Each facilitator's hours of a workshop (end − start) or each trainer's of a training
    (its duration), on the session's date; a cancelled workshop gives none."""
    if isinstance(session, Workshop):
        source, people = TimeSource.WORKSHOP, session.facilitators.all()
        hours = Decimal(0) if session.is_cancelled else _workshop_hours(session)
    else:
        source, people, hours = TimeSource.TRAINING, session.trainers.all(), session.duration_hours
    return _activity_entries(
        source=source,
        key=f"{source}:{session.pk}",
        label=str(session),
        site_id=session.site_id,
        day=session.date,
        hours_by_staff=dict.fromkeys(people, hours),
        by=by,
    )


@transaction.atomic
def time_entry_add(
    *, by, staff, date: datetime.date, hours: Decimal, activity: str, grant: Grant | None = None
) -> TimeEntry:
    """Record hours by hand (meetings, travel, partner visits…)."""
    activity = activity.strip()
    if not activity:
        raise FundingRuleError(_("Say what the hours were spent on."))
    hours = _hours(hours)
    if not 0 < hours <= DAY_HOURS:
        raise FundingRuleError(_("Hours must be above 0 and at most 24."))
    if date > today():
        raise FundingRuleError(_("Hours cannot be recorded for a day in the future."))
    _check_grant(grant, date)
    _check_not_locked(staff_id=staff.pk, grant_id=grant and grant.pk, day=date)
    _check_day(staff=staff, day=date, hours=hours)
    entry = TimeEntry(
        staff=staff,
        date=date,
        hours=hours,
        activity=activity,
        source=TimeSource.MANUAL,
        grant=grant,
        recorded_by=by,
    )
    return _save(entry, by)


@transaction.atomic
def time_entry_set_grant(*, entry: TimeEntry, grant: Grant | None, by) -> TimeEntry:
    """Charge an entry to another grant (or to none); refused when either month is locked."""
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.source == TimeSource.CORRECTION:
        raise FundingRuleError(_("A correction stays on the grant of the entry it corrects."))
    _check_grant(grant, entry.date)
    _check_not_locked(staff_id=entry.staff_id, grant_id=entry.grant_id, day=entry.date)
    _check_not_locked(staff_id=entry.staff_id, grant_id=grant and grant.pk, day=entry.date)
    entry.grant = grant
    return _save(entry, by)


@transaction.atomic
def time_entry_delete(*, entry: TimeEntry, by) -> None:
    """Remove an entry made by hand; refused when its month is locked."""
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.source != TimeSource.MANUAL:
        raise FundingRuleError(
            _("Only hours entered by hand can be removed; the others follow their activity.")
        )
    _check_not_locked(staff_id=entry.staff_id, grant_id=entry.grant_id, day=entry.date)
    entry._history_user = by
    entry.delete()


@transaction.atomic
def time_entry_correct(*, entry: TimeEntry, by, hours: Decimal, reason: str) -> TimeEntry:
    """Mend an entry, even of a locked month, with a correction of ± `hours`.

    The correction is a new entry dated today, on the grant of the corrected entry, carrying
    its reason; the corrected entry and its countersigned month stay as they were. It may be
    negative (hours taken back), never zero, and the corrected day stays within 0–24 hours.
    """
    reason = reason.strip()
    if not reason:
        raise FundingRuleError(_("Give the reason for the correction."))
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.source == TimeSource.CORRECTION:
        raise FundingRuleError(_("Correct the original entry, not a correction."))
    hours = _hours(hours)
    if hours == 0 or abs(hours) > DAY_HOURS:
        raise FundingRuleError(_("A correction is between −24 and 24 hours, and not zero."))
    own = entry.hours + (entry.corrections.aggregate(total=Sum("hours"))["total"] or 0)
    if own + hours < 0:
        raise FundingRuleError(_("A correction cannot take back more hours than were recorded."))
    _check_day(staff=entry.staff, day=entry.date, hours=hours)
    day = today()
    _check_not_locked(staff_id=entry.staff_id, grant_id=entry.grant_id, day=day)
    correction = TimeEntry(
        staff=entry.staff,
        date=day,
        hours=hours,
        activity=entry.activity,
        source=TimeSource.CORRECTION,
        grant=entry.grant,
        reason=reason,
        corrects=entry,
        recorded_by=by,
    )
    return _save(correction, by)


def _sheet_for_update(*, staff, grant: Grant, month: datetime.date) -> Timesheet:
    sheet = (
        Timesheet.objects.select_for_update()
        .filter(staff=staff, grant=grant, month=_month(month))
        .first()
    )
    return sheet or Timesheet(staff=staff, grant=grant, month=_month(month))


@transaction.atomic
def timesheet_validate(*, staff, grant: Grant, month: datetime.date, by) -> Timesheet:
    """The member of staff signs their own hours of a month on a grant (the sheet is created
    the first time)."""
    if by.pk != staff.pk:
        raise FundingRuleError(_("Only the member of staff can validate their own timesheet."))
    sheet = _sheet_for_update(staff=staff, grant=grant, month=month)
    if sheet.status != TimesheetStatus.OPEN:
        raise FundingRuleError(_("This timesheet is already validated."))
    sheet.status = TimesheetStatus.VALIDATED
    sheet.validated_at, sheet.validated_by = timezone.now(), by
    sheet._history_user = by
    sheet.save()
    return sheet


@transaction.atomic
def timesheet_countersign(*, timesheet: Timesheet, by) -> Timesheet:
    """A director countersigns a validated sheet, which locks its month for good."""
    if not user_access(by).is_director:
        raise FundingRuleError(_("Only a director can countersign a timesheet."))
    sheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    if sheet.staff_id == by.pk:
        raise FundingRuleError(_("A director cannot countersign their own timesheet."))
    if sheet.status != TimesheetStatus.VALIDATED:
        raise FundingRuleError(
            _("Only a timesheet validated by its member of staff can be countersigned.")
        )
    sheet.status = TimesheetStatus.LOCKED
    sheet.countersigned_at, sheet.countersigned_by = timezone.now(), by
    sheet._history_user = by
    sheet.save()
    return sheet
