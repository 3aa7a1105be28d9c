"""Two-factor authentication: who needs it, enrolment, recovery codes, token checks.

django-otp keeps the devices (its own tables): one TOTP device per user for an authenticator
app, and one static device whose tokens are the single-use recovery codes. Directors, auditors
and administrators read every site, so a stolen password alone must never open their session;
social workers and coordinators may opt in. TwoFactorRequiredMiddleware enforces it.

The session also remembers when the user last typed their password and a token
(`confirm_*`): changing the password or the second factor asks for both again unless they were
given in the last REAUTHENTICATION_MINUTES (accounts/reauthentication.py).
"""

import time

import django_otp
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.rules import RuleError

from .access import user_access
from .access_log import access_log_record
from .roles import Role

RECOVERY_CODE_COUNT = 10
REAUTHENTICATION_MINUTES = 10
TWO_FACTOR_ROLES = frozenset({Role.DIRECTOR, Role.AUDITOR})

# Session keys. PENDING is set at login for a user who must give a token before anything else
# (required by their role, or chosen by them): the middleware then reads the session only, so
# the pages of a user without a second factor cost no query more.
PENDING_SESSION_KEY = "two_factor_pending"
FIRST_FACTOR_AT_KEY = "two_factor_password_confirmed_at"
SECOND_FACTOR_AT_KEY = "two_factor_token_confirmed_at"

TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


class TwoFactorError(RuleError):
    pass


def requires_two_factor(user) -> bool:
    """Whether the user may not work without a second factor: every reader of all sites."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(user_access(user).roles & TWO_FACTOR_ROLES)


def totp_device_of(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """Whether a second factor verified this session (OTPMiddleware loaded its device)."""
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- the session ------------------------------------------------------------------------------


def session_start(request, user) -> None:
    """At login: the password was just given; ask for a token first if the user needs one."""
    request.session[FIRST_FACTOR_AT_KEY] = time.time()
    request.session.pop(SECOND_FACTOR_AT_KEY, None)
    if requires_two_factor(user) or has_second_factor(user):
        request.session[PENDING_SESSION_KEY] = True
    else:
        request.session.pop(PENDING_SESSION_KEY, None)


def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request, user)


def connect_login_signal() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="two_factor_session_start")


def session_verified(request, device: Device) -> None:
    """The token of `device` was right: the session is verified and the token fresh."""
    django_otp.login(request, device)
    request.session[SECOND_FACTOR_AT_KEY] = time.time()
    request.session.pop(PENDING_SESSION_KEY, None)


def confirm_password(request) -> None:
    request.session[FIRST_FACTOR_AT_KEY] = time.time()


def _recent(request, key: str) -> bool:
    at = request.session.get(key)
    return isinstance(at, (int, float)) and time.time() - at < REAUTHENTICATION_MINUTES * 60


def recently_confirmed(request) -> bool:
    """Password, and token when the user has a second factor, both given in the last minutes."""
    if not _recent(request, FIRST_FACTOR_AT_KEY):
        return False
    return not has_second_factor(request.user) or (
        is_verified(request) and _recent(request, SECOND_FACTOR_AT_KEY)
    )


# --- tokens -----------------------------------------------------------------------------------


def normalise_token(raw: str) -> str:
    """What the user typed, without the spaces and dashes apps and paper copies show."""
    return "".join(raw.split()).replace("-", "").lower()


def is_totp_token(token: str) -> bool:
    return len(token) == 6 and token.isascii() and token.isdigit()


def _throttled_message(device: Device) -> str | None:
    allowed, _data = device.verify_is_allowed()
    if allowed:
        return None
    return _("Too many wrong codes. Wait a moment before trying again.")


def _refused(request, user) -> None:
    # Every wrong code is written to the access log: a run of them points at a stolen password.
    access_log_record(action="otp_failed", request=request, user=user)


def token_verify(*, request, user, token: str) -> Device:
    """The device that accepts the token (a code of the app or an unused recovery code).

    Raises TwoFactorError when none does. django-otp throttles each device: after a wrong code
    the next try waits 1, 2, 4, 8… seconds, even with the right code.
    """
    token = normalise_token(token)
    model = TOTPDevice if is_totp_token(token) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        _refused(request, user)
        raise TwoFactorError(_("This code is not valid."))
    throttled = _throttled_message(device)
    if throttled:
        _refused(request, user)
        raise TwoFactorError(throttled)
    verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        _refused(request, user)
        raise TwoFactorError(_("This code is not valid."))
    return verified


# --- enrolment and recovery codes -------------------------------------------------------------


def totp_enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows, the same one until it is confirmed.

    Its key is new: a user replacing their app scans a new secret, and the old app keeps
    working until the new one is confirmed.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, request, user, token: str) -> list[str]:
    """Confirm the app being enrolled with one of its codes; returns the new recovery codes.

    The new app replaces any previous one; the session is verified by it.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise TwoFactorError(_("Open the enrolment page again: it shows a new key."))
    throttled = _throttled_message(device)
    if throttled:
        _refused(request, user)
        raise TwoFactorError(throttled)
    if not device.verify_token(normalise_token(token)):
        _refused(request, user)
        raise TwoFactorError(_("This code is not valid."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    session_verified(request, device)
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Ten new single-use codes; the previous ones stop working. Shown once, never again."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_remove(*, request, user) -> None:
    """Forget the user's app and recovery codes; whoever must have one enrols again at once."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SECOND_FACTOR_AT_KEY, None)
    user.otp_device = None
    if requires_two_factor(user):
        request.session[PENDING_SESSION_KEY] = True
