"""The access log is kept ACCESS_LOG_RETENTION_MONTHS (6 to 12), then deleted every night.

This is the only code that deletes access-log rows, through the queryset's private
`_purge_before`; everything else is refused (accounts.models.AccessEventQuerySet).
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.dates import add_months

from .models import AccessEvent


def access_log_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which events are deleted: the same day, RETENTION months ago."""
    now = timezone.localtime(now or timezone.now())
    return now.replace(**_date_parts(add_months(now.date(), -settings.ACCESS_LOG_RETENTION_MONTHS)))


def _date_parts(day: datetime.date) -> dict:
    return {"year": day.year, "month": day.month, "day": day.day}


@transaction.atomic
def access_log_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the events older than the retention; returns how many were deleted."""
    cutoff = access_log_cutoff(now)
    # A private queryset method: managers do not expose it, so only an explicit call reaches it.
    deleted = AccessEvent.objects.all()._purge_before(cutoff)
    return deleted


@shared_task
def purge_access_log_task() -> int:
    return access_log_purge()
