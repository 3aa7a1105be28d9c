"""Writes of the accounts app: login lockout and the personal-file access log."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import AccessLog, LoginAttempt


def login_lock_remaining(*, username: str, ip_address: str) -> timedelta | None:
    """How long the username+address pair stays locked, or None when it may try."""
    attempt = LoginAttempt.objects.filter(username=username.lower(), ip_address=ip_address).first()
    if attempt is None or attempt.locked_until is None:
        return None
    remaining = attempt.locked_until - timezone.now()
    return remaining if remaining > timedelta(0) else None


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str) -> LoginAttempt:
    """Count one failure; past the limit the pair is locked for LOGIN_LOCKOUT_MINUTES."""
    now = timezone.now()
    attempt, _ = LoginAttempt.objects.select_for_update().get_or_create(
        username=username.lower(), ip_address=ip_address
    )
    if attempt.locked_until and attempt.locked_until <= now:
        # The lock has run out: start counting afresh.
        attempt.failures = 0
        attempt.locked_until = None
    attempt.failures = F("failures") + 1
    attempt.last_failure_at = now
    attempt.save(update_fields=["failures", "last_failure_at", "locked_until"])
    attempt.refresh_from_db()
    if attempt.failures >= settings.LOGIN_FAILURE_LIMIT:
        attempt.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        attempt.save(update_fields=["locked_until"])
    return attempt


def login_success_reset(*, username: str, ip_address: str) -> None:
    LoginAttempt.objects.filter(username=username.lower(), ip_address=ip_address).delete()


def access_log_record(*, user, obj, path: str) -> None:
    """Note that the user opened a personal file (household or person)."""
    AccessLog.objects.create(
        user=user, object_type=obj._meta.model_name, object_id=obj.pk, path=path[:255]
    )
