"""What the household page shows of its workshops: registered, attended, missed, cancelled."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today
from households.signals import timeline_requested
from households.timeline import TimelineEntry, moment

from .models import Attendance, RegistrationStatus, WorkshopRegistration


@receiver(timeline_requested, dispatch_uid="workshops_timeline")
def workshops_timeline(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    """One entry per workshop a member was registered for, in one query."""
    access = user_access(user)
    by_workshop: dict[int, list[WorkshopRegistration]] = {}
    registrations = (
        WorkshopRegistration.objects.filter(person__household=household)
        .select_related("workshop", "person")
        .order_by("workshop__date", "person__birth_date", "id")
    )
    for registration in registrations:
        by_workshop.setdefault(registration.workshop_id, []).append(registration)
    day = today()
    entries = []
    for group in by_workshop.values():
        workshop = group[0].workshop
        title, detail = _entry_text(workshop, group)
        readable = access.can_read_site(workshop.site_id)
        entries.append(
            TimelineEntry(
                on=workshop.date,
                title=title,
                detail=detail,
                url=workshop.get_absolute_url() if readable else "",
                kind="workshop",
                at=moment(workshop.date, workshop.start_time),
                # A session not held yet is upcoming, on its day too until attendance is taken.
                planned=not workshop.is_cancelled
                and workshop.date >= day
                and all(r.attendance == Attendance.UNKNOWN for r in group),
            )
        )
    return entries


def _entry_text(workshop, group) -> tuple[str, str]:
    names = ", ".join(r.person.first_name for r in group)
    topic = {"topic": workshop.topic}
    if workshop.is_cancelled:
        return _("Workshop cancelled: %(topic)s") % topic, workshop.cancellation_reason
    came = [r for r in group if r.attendance == Attendance.PRESENT]
    if came:
        return (
            _("Workshop attended: %(topic)s") % topic,
            ", ".join(r.person.first_name for r in came),
        )
    if any(r.attendance in (Attendance.ABSENT, Attendance.EXCUSED) for r in group):
        return _("Workshop missed: %(topic)s") % topic, names
    if all(r.status == RegistrationStatus.WAITING_LIST for r in group):
        return _("On the waiting list of a workshop: %(topic)s") % topic, names
    return _("Registered for a workshop: %(topic)s") % topic, names
