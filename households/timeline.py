"""The household timeline: one list of dated entries gathered from every app.

Each app that records events about a household (workshops, interviews, plans, referrals,
follow-ups…) connects a receiver to `households.signals.timeline_requested` in its
AppConfig.ready(). A receiver takes the household and the viewing user and returns
TimelineEntry objects; it must run a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.access import user_access

from .models import Status, WithdrawalReason
from .signals import timeline_requested


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    kind: str = "event"  # a CSS hook: event, status, consent, workshop, interview…


def timeline_for_household(*, household, user) -> list[TimelineEntry]:
    """Every entry of every provider, newest first."""
    entries: list[TimelineEntry] = []
    for _receiver, provided in timeline_requested.send(
        sender=type(household), household=household, user=user
    ):
        entries.extend(provided)
    return sorted(entries, key=lambda e: e.on, reverse=True)


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
            TimelineEntry(on=change.occurred_on, title=title, detail=detail, kind="status")
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
    return not user_access(user).sees_notes
