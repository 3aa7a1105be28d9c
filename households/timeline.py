"""The household timeline: one list of dated entries gathered from every app.

Each app that records events about a household (workshops, interviews, plans, referrals,
follow-ups…) registers a provider in its AppConfig.ready(). A provider takes the household and
the viewing user and returns TimelineEntry objects; it must run a fixed number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    kind: str = "event"  # a CSS hook: event, status, consent, workshop, interview…


Provider = Callable[..., list[TimelineEntry]]
_providers: list[Provider] = []


def timeline_register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering twice is harmless."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for_household(*, household, user) -> list[TimelineEntry]:
    """Every entry of every provider, newest first."""
    entries: list[TimelineEntry] = []
    for provider in _providers:
        entries.extend(provider(household=household, user=user))
    return sorted(entries, key=lambda e: e.on, reverse=True)


@timeline_register
def _status_changes(*, household, user) -> list[TimelineEntry]:
    from .models import Status, WithdrawalReason

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


@timeline_register
def _consents(*, household, user) -> list[TimelineEntry]:
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
    from accounts.access import user_access

    return not user_access(user).sees_notes
