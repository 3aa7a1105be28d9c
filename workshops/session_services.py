"""The rules workshops and trainings share: seats, the waiting list, attendance, the sheet.

The building blocks of the workshop and training services (services.py,
training_services.py) are not atomic: they run inside the transaction of the service that
calls them. `session_registration_remove` and `session_attach_signed_sheet` are services of
their own, atomic like the others. Callers import every service from services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.rules import RuleError, check_fields
from core.uploads import validate_document
from core.versioning import version_next
from households.services import household_milestones_changed

from .models import (
    Attendance,
    RegistrationStatus,
    SessionRegistration,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

SESSION_FIELDS = ("site", "date", "place", "capacity", "topic")


class WorkshopRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


class SessionFullError(WorkshopRuleError):
    """No seat left: the caller may offer the waiting list instead."""


def check_model(obj, exclude=()) -> None:
    """Refuse `obj` with a WorkshopRuleError when its model's own rules (full_clean) do."""
    # Model rules (end after start, positive numbers…) come back as one readable message.
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise WorkshopRuleError(" ".join(error.messages)) from None


def session_create(model: type[Model], *, by, fields: dict, allowed: tuple[str, ...], m2m: dict):
    """Save a new session of `model` with its `allowed` fields and its many-to-many `m2m`."""
    check_fields(fields, allowed)
    session = model(created_by=by, **fields)
    check_model(session, exclude=["signed_sheet", "created_by"])
    session.save()
    for name, values in m2m.items():
        getattr(session, name).set(values)
    return session


def _registrations_of(session) -> "type[SessionRegistration]":
    return WorkshopRegistration if isinstance(session, Workshop) else TraineeRegistration


def _seats_taken(registration_model, session) -> int:
    return registration_model.objects.filter(
        **{registration_model.session_field: session}, status=RegistrationStatus.REGISTERED
    ).count()


def _seats_promote_waiting(session) -> list[SessionRegistration]:
    """Give free seats to the waiting list, first come first served. The session is locked."""
    model = _registrations_of(session)
    free = session.capacity - _seats_taken(model, session)
    if free <= 0:
        return []
    promoted = list(
        model.objects.filter(
            **{model.session_field: session}, status=RegistrationStatus.WAITING_LIST
        ).order_by("registered_at", "id")[:free]
    )
    model.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=RegistrationStatus.REGISTERED
    )
    return promoted


def session_lock(session):
    """Lock the session row until the transaction ends: seat counts then cannot race."""
    return type(session).objects.select_for_update().get(pk=session.pk)


def session_update(
    session,
    *,
    by,
    fields: dict,
    allowed: tuple[str, ...],
    m2m_names: tuple,
    expected_version: int | None = None,
):
    """Change the session's `allowed` fields and those of `m2m_names` found in `fields`.

    Refused once cancelled, for another site or below the seats taken; seats added go to the
    waiting list. From the edit form, `expected_version` is the version it was opened on:
    StaleEditError when someone saved the session since. Without one (a change made by code)
    the version only moves on, so that a form opened before it is refused rather than undoing it.
    """
    m2m = {name: fields.pop(name) for name in m2m_names if name in fields}
    check_fields(fields, allowed)
    locked = session_lock(session)
    version_next(type(locked), locked, expected_version)
    if locked.is_cancelled:
        raise WorkshopRuleError(_("A cancelled session cannot be changed."))
    if "site" in fields and fields["site"].pk != locked.site_id:
        raise WorkshopRuleError(_("The site of a session cannot be changed."))
    taken = _seats_taken(_registrations_of(locked), locked)
    if fields.get("capacity", locked.capacity) < taken:
        raise WorkshopRuleError(
            _("The capacity cannot be lower than the %(n)s persons already registered.")
            % {"n": taken}
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    check_model(locked, exclude=["signed_sheet", "created_by"])
    locked.save()
    for name, values in m2m.items():
        getattr(locked, name).set(values)
    _seats_promote_waiting(locked)
    return locked


def seats_book(session, *, attendees: list, by, waiting_list: bool) -> list[SessionRegistration]:
    """Register attendees on one session, all or none, under a lock on the session row.

    Two registrations for the last seat wait for each other on the lock: the second one counts
    the seat the first took and gets the waiting list, or SessionFullError when `waiting_list`
    is False. Attendees already registered are skipped.
    """
    model = _registrations_of(session)
    locked = session_lock(session)
    if locked.is_cancelled:
        raise WorkshopRuleError(_("This session is cancelled: nobody can register any more."))
    already = set(
        model.objects.filter(
            **{model.session_field: locked, f"{model.attendee_field}__in": attendees}
        ).values_list(f"{model.attendee_field}_id", flat=True)
    )
    new = [a for a in attendees if a.pk not in already]
    if not new:
        raise WorkshopRuleError(_("Already registered for this session."))
    free = locked.capacity - _seats_taken(model, locked)
    if free >= len(new):
        status = RegistrationStatus.REGISTERED
    elif waiting_list:
        status = RegistrationStatus.WAITING_LIST
    else:
        raise SessionFullError(
            _(
                "The session is full: %(free)s seat(s) left for %(wanted)s person(s). "
                "Nobody was registered; you may put them on the waiting list."
            )
            % {"free": max(free, 0), "wanted": len(new)}
        )
    return model.objects.bulk_create(
        [
            model(
                **{model.session_field: locked, model.attendee_field: attendee},
                status=status,
                registered_by=by,
            )
            for attendee in new
        ]
    )


def _check_attendance_allowed(session, registrations) -> None:
    if session.is_cancelled:
        raise WorkshopRuleError(_("This session is cancelled: no attendance to take."))
    if session.attendance_not_yet:
        raise WorkshopRuleError(
            _("Attendance can be recorded from the session day (%(date)s).")
            % {"date": date_format(session.date, "j F Y")}
        )
    if any(r.is_waiting for r in registrations):
        raise WorkshopRuleError(
            _("Only registered persons have attendance: give them a seat first.")
        )


def attendance_record(registrations: list, *, attendance: str, by) -> None:
    """Record one attendance state for registrations of one session, once it may be taken."""
    if attendance not in Attendance.values:
        raise WorkshopRuleError(_("Unknown attendance state."))
    if not registrations:
        return
    _check_attendance_allowed(registrations[0].session, registrations)
    now = timezone.now()
    model = type(registrations[0])
    model.objects.filter(pk__in=[r.pk for r in registrations]).update(
        attendance=attendance, attendance_recorded_by=by, attendance_recorded_at=now
    )
    for registration in registrations:
        registration.attendance = attendance
        registration.attendance_recorded_by = by
        registration.attendance_recorded_at = now
    if model is WorkshopRegistration:
        # Present or not, an attendance may change a household's first information.
        households = model.objects.filter(pk__in=[r.pk for r in registrations])
        household_milestones_changed(
            household_ids=households.values_list("person__household", flat=True)
        )


@transaction.atomic
def session_registration_remove(*, registration: SessionRegistration, by) -> list:
    """Take an attendee off a workshop or training; the freed seat goes to the waiting list.

    Returns the registrations moved from the waiting list to a seat.
    """
    locked = session_lock(registration.session)
    if registration.attendance == Attendance.PRESENT:
        raise WorkshopRuleError(
            _("%(name)s was recorded present: record another state instead of removing them.")
            % {"name": registration.attendee}
        )
    return registrations_delete(locked, [registration], by=by, reason="removed")


def registrations_delete(locked, registrations: list, *, by, reason: str) -> list:
    """Delete registrations of one session, which the caller has locked (session_lock), and
    give the freed seats to the waiting list.

    A workshop registration's history keeps who deleted it and `reason` (a short code:
    "removed", "relocated"). Returns the registrations given a seat.
    """
    for registration in registrations:
        registration._history_user = by
        registration._change_reason = reason
        registration.delete()
    return _seats_promote_waiting(locked)


def validate_signed_sheet(upload) -> None:
    """Refuse an upload that is too large or is not a real PDF, JPEG or PNG file.

    The check itself is the upload rule of every document (core.uploads); only the wording
    shown here is our own.
    """
    try:
        validate_document(upload)
    except ValidationError as error:
        if error.code == "too_large":
            raise WorkshopRuleError(
                _("The file is too large: %(limit)s MB at most.")
                % {"limit": settings.MAX_UPLOAD_MB}
            ) from None
        raise WorkshopRuleError(_("Only PDF, JPEG or PNG files are accepted.")) from None


@transaction.atomic
def session_attach_signed_sheet(*, session, upload, by):
    """Keep the scanned, signed attendance sheet of a workshop or training (replaces any)."""
    validate_signed_sheet(upload)
    locked = session_lock(session)
    # The sheet it replaces is removed from the disk once this is committed (django-cleanup):
    # deleted here, it would be lost with a change that rolls back.
    locked.signed_sheet.save(upload.name, upload, save=False)
    locked.save(update_fields=["signed_sheet", "updated_at"])
    return locked
