"""The household timeline: one list of dated entries gathered from every app.

Each app that records events about a household (workshops, interviews, plans, referrals,
follow-ups…) connects a receiver to `households.signals.timeline_requested` in its
AppConfig.ready(). A receiver takes the household and the viewing user and returns
TimelineEntry objects; it must run a fixed number of queries.

The page reads the case as a story: what happened, oldest first, then what is still to come
under its own heading (timeline_split).
"""

import datetime
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today

from .models import Status, WithdrawalReason
from .signals import timeline_requested


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    kind: str = "event"  # a CSS hook: event, status, consent, workshop, interview…
    # Orders the entries of one day: the time it takes place when known (a workshop's start),
    # else the moment it was recorded. Entries without one come first in their day: what has
    # no moment of its own (a plan signed) is a cause, and the status change it brought about
    # was recorded after it.
    at: datetime.datetime | None = None
    # Still to happen (a follow-up scheduled, a workshop registered for): shown as upcoming
    # even on its own day.
    planned: bool = False


def moment(day: datetime.date, time: datetime.time | None) -> datetime.datetime | None:
    """The aware moment of a time on a day in the project's time zone (None without a time)."""
    if time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time))


# Sorts an entry without a moment before those of its day that have one.
_NO_MOMENT = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def timeline_for_household(*, household, user) -> list[TimelineEntry]:
    """Every entry of every provider in the order things happened: by date, then by moment
    within a day (in the providers' order for entries without one)."""
    entries: list[TimelineEntry] = []
    for _receiver, provided in timeline_requested.send(
        sender=type(household), household=household, user=user
    ):
        entries.extend(provided)
    return sorted(entries, key=lambda e: (e.on, e.at or _NO_MOMENT))


def timeline_split(
    entries: list[TimelineEntry], *, on: datetime.date | None = None
) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """The entries that happened by `on` (default today), and those still to come, each in
    the order of `entries`."""
    on = on or today()
    past, upcoming = [], []
    for entry in entries:
        to_come = entry.on > on or (entry.planned and entry.on == on)
        (upcoming if to_come else past).append(entry)
    return past, upcoming


@receiver(timeline_requested, dispatch_uid="households_status_changes")
def _status_changes(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    entries = []
    for change in household.status_changes.select_related("changed_by"):
        detail = ""
        if change.reason in WithdrawalReason.values:
            detail = WithdrawalReason(change.reason).label
        if change.comment and not _hide_notes(user):
            detail = f"{detail} — {change.comment}" if detail else change.comment
        title = (
            _("Registered (referred)")
            if not change.from_status
            else _("Status: %(status)s") % {"status": Status(change.to_status).label}
        )
        entries.append(
            TimelineEntry(
                on=change.occurred_on,
                title=title,
                detail=detail,
                kind="status",
                at=change.created_at,
            )
        )
    return entries


@receiver(timeline_requested, dispatch_uid="households_consents")
def _consents(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    entries = []
    for consent in household.consents.all():
        entries.append(
            TimelineEntry(
                on=consent.given_on,
                title=_("Consent given: %(scope)s") % {"scope": consent.get_scope_display()},
                kind="consent",
                at=consent.recorded_at,
            )
        )
        if consent.withdrawn_on:
            entries.append(
                TimelineEntry(
                    on=consent.withdrawn_on,
                    title=_("Consent withdrawn: %(scope)s")
                    % {"scope": consent.get_scope_display()},
                    kind="consent",
                )
            )
    return entries


def _hide_notes(user) -> bool:
    return not user_access(user).reads_free_text
