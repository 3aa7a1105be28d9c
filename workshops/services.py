"""Every write on workshops, trainings, registrations and attendance.

Each service is atomic and refuses an impossible change with a `WorkshopRuleError` whose
message is shown as it is. The awareness workshops' services are written here; the rules
workshops and trainings share (seats, waiting list, attendance, signed sheet) are in
session_services.py and the trainings' services in training_services.py. Callers import
them all from here, the one entry point of the app's writes.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from households.funnel import household_reach_step
from households.models import Household, Person, Status
from households.services import household_mark_contact

from .models import Attendance, RegistrationStatus, Workshop, WorkshopRegistration
from .relocation_services import workshop_registrations_clear_after_move
from .selectors import workshop_household_informed
from .session_services import (
    SESSION_FIELDS,
    SessionFullError,
    WorkshopRuleError,
    attendance_record,
    seats_book,
    session_attach_signed_sheet,
    session_create,
    session_lock,
    session_registration_remove,
    session_update,
    validate_signed_sheet,
)
from .signals import session_cancelled, session_saved
from .training_services import (
    trainee_create,
    training_create,
    training_record_attendance,
    training_register_trainee,
    training_update,
)

__all__ = [
    "HouseholdInformedError",
    "SessionFullError",
    "WorkshopRuleError",
    "session_attach_signed_sheet",
    "session_registration_remove",
    "trainee_create",
    "training_create",
    "training_record_attendance",
    "training_register_trainee",
    "training_update",
    "validate_signed_sheet",
    "workshop_cancel",
    "workshop_create",
    "workshop_duplicate",
    "workshop_household_present",
    "workshop_record_attendance",
    "workshop_register_household",
    "workshop_register_person",
    "workshop_registrations_clear_after_move",
    "workshop_update",
]

WORKSHOP_FIELDS = (*SESSION_FIELDS, "start_time", "end_time", "language", "interpreter_booked")
WORKSHOP_M2M = ("regions_presented", "facilitators")


@transaction.atomic
def workshop_create(*, by, regions_presented=(), facilitators=(), **fields) -> Workshop:
    """Schedule an awareness workshop."""
    workshop = session_create(
        Workshop,
        by=by,
        fields=fields,
        allowed=WORKSHOP_FIELDS,
        m2m={"regions_presented": regions_presented, "facilitators": facilitators},
    )
    session_saved.send(sender=Workshop, session=workshop, by=by)
    return workshop


@transaction.atomic
def workshop_update(
    *, workshop: Workshop, by, expected_version: int | None = None, **fields
) -> Workshop:
    """Change a workshop; refused once cancelled or below the seats already taken, and when
    someone saved it since the form was opened on `expected_version` (StaleEditError)."""
    workshop = session_update(
        workshop,
        by=by,
        fields=fields,
        allowed=WORKSHOP_FIELDS,
        m2m_names=WORKSHOP_M2M,
        expected_version=expected_version,
    )
    session_saved.send(sender=Workshop, session=workshop, by=by)
    return workshop


@transaction.atomic
def workshop_cancel(*, workshop: Workshop, by, reason: str) -> Workshop:
    """Cancel a workshop; its registered households see it on their timeline."""
    locked = session_lock(workshop)
    if locked.is_cancelled:
        raise WorkshopRuleError(_("This workshop is already cancelled."))
    if not reason.strip():
        raise WorkshopRuleError(_("Give the reason for the cancellation."))
    if locked.registrations.filter(attendance=Attendance.PRESENT).exists():
        raise WorkshopRuleError(
            _("Attendance was recorded: a workshop that took place cannot be cancelled.")
        )
    locked.cancelled_at = timezone.now()
    locked.cancellation_reason = reason.strip()
    locked.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    session_cancelled.send(sender=Workshop, session=locked, by=by)
    return locked


@transaction.atomic
def workshop_duplicate(
    *,
    workshop: Workshop,
    by,
    date: datetime.date,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> Workshop:
    """The same workshop on a new date, without its registrations."""
    fields = {name: getattr(workshop, name) for name in WORKSHOP_FIELDS}
    fields.update(date=date)
    if start_time:
        fields["start_time"] = start_time
    if end_time:
        fields["end_time"] = end_time
    return workshop_create(
        by=by,
        regions_presented=list(workshop.regions_presented.all()),
        facilitators=list(workshop.facilitators.all()),
        **fields,
    )


class HouseholdInformedError(WorkshopRuleError):
    """The household is already informed: the caller may confirm the registration anyway."""


def _check_not_informed(household: Household, workshop: Workshop) -> None:
    # One awareness workshop informs a household: a second one is a choice to confirm.
    found = workshop_household_informed(household=household, workshop=workshop)
    sentences = []
    if found["attended"]:
        sentences.append(
            _("This household is already informed: it attended “%(topic)s” on %(date)s.")
            % _workshop_words(found["attended"].workshop)
        )
    if found["upcoming"]:
        sentences.append(
            _("This household already has a seat at “%(topic)s” on %(date)s.")
            % _workshop_words(found["upcoming"].workshop)
        )
    if sentences:
        raise HouseholdInformedError(" ".join(sentences))


def _workshop_words(workshop: Workshop) -> dict:
    return {"topic": workshop.topic, "date": date_format(workshop.date, "j F Y")}


@transaction.atomic
def workshop_register_person(
    *,
    workshop: Workshop,
    person: Person,
    by,
    waiting_list: bool = False,
    warn_informed: bool = False,
) -> WorkshopRegistration:
    """Register one person; SessionFullError when full unless `waiting_list`.

    With `warn_informed`, HouseholdInformedError when the person's household already attended
    another awareness workshop or holds a seat at another upcoming one.
    """
    if warn_informed:
        _check_not_informed(person.household, workshop)
    return seats_book(workshop, attendees=[person], by=by, waiting_list=waiting_list)[0]


@transaction.atomic
def workshop_register_household(
    *,
    workshop: Workshop,
    household: Household,
    by,
    waiting_list: bool = False,
    warn_informed: bool = False,
) -> list[WorkshopRegistration]:
    """Register every member of a household not yet registered, all on seats or none.

    `warn_informed` as for workshop_register_person.
    """
    members = list(household.members.all())
    if not members:
        raise WorkshopRuleError(_("This household has no members to register."))
    if warn_informed:
        _check_not_informed(household, workshop)
    return seats_book(workshop, attendees=members, by=by, waiting_list=waiting_list)


def _household_informed(*, household: Household, workshop: Workshop, by) -> bool:
    # Attending is the "informed" step of the funnel; the households service never moves back.
    household_mark_contact(household_id=household.pk, on=workshop.date)
    return household_reach_step(
        household=household,
        status=Status.INFORMED,
        by=by,
        occurred_on=workshop.date,
        source="workshop",
    )


@transaction.atomic
def workshop_record_attendance(
    *, registration: WorkshopRegistration, attendance: str, by
) -> WorkshopRegistration:
    """Record whether a person came; present moves a referred household to "informed"."""
    attendance_record([registration], attendance=attendance, by=by)
    if attendance == Attendance.PRESENT:
        _household_informed(
            household=registration.person.household, workshop=registration.workshop, by=by
        )
    return registration


@transaction.atomic
def workshop_household_present(
    *, workshop: Workshop, household: Household, by
) -> list[WorkshopRegistration]:
    """Record every registered member of the household present at once."""
    registrations = list(
        workshop.registrations.filter(
            person__household=household, status=RegistrationStatus.REGISTERED
        ).select_related("person", "workshop")
    )
    if not registrations:
        raise WorkshopRuleError(_("Nobody of this household has a seat at this workshop."))
    attendance_record(registrations, attendance=Attendance.PRESENT, by=by)
    _household_informed(household=household, workshop=workshop, by=by)
    return registrations
