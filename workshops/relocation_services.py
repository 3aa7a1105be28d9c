"""What a household's move changes on its workshops (see signals.py for when it runs).

Kept apart from services.py, which imports signals.py for the signals it sends: signals.py
imports this module in turn, and the two never form a cycle. Callers import it from services.py.
"""

from django.db import transaction

from core.dates import today
from households.models import Household

from .models import Attendance, WorkshopRegistration
from .session_services import registrations_delete, session_lock


@transaction.atomic
def workshop_registrations_clear_after_move(
    *, household: Household, by
) -> list[WorkshopRegistration]:
    """Take a household that has moved off the workshops still ahead of it.

    Its seats and waiting-list places at workshops after today (not cancelled) are deleted,
    with their history ("relocated"), and each freed seat goes to that workshop's waiting
    list. Past workshops, attended or not, are kept: they are the household's story. Returns
    the registrations deleted.
    """
    pending = list(
        WorkshopRegistration.objects.filter(
            person__household=household,
            workshop__date__gt=today(),
            workshop__cancelled_at__isnull=True,
            attendance=Attendance.UNKNOWN,
        )
        .select_related("workshop")
        .order_by("workshop_id", "id")
    )
    by_workshop: dict[int, list[WorkshopRegistration]] = {}
    for registration in pending:
        by_workshop.setdefault(registration.workshop_id, []).append(registration)
    for registrations in by_workshop.values():
        locked = session_lock(registrations[0].workshop)
        registrations_delete(locked, registrations, by=by, reason="relocated")
    return pending
