"""Logins, logouts, failed logins and lockouts go to the access log (connected in apps.py).

Django sends the first three whatever form logged in (ours, the admin's); django-axes sends
`user_locked_out` when a username+address pair passes AXES_FAILURE_LIMIT.
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .access_log import Action, access_log_record
from .lockout import lockout_username


@receiver(user_logged_in, dispatch_uid="access_log_login")
def _logged_in(sender, request, user, **kwargs):
    access_log_record(action=Action.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="access_log_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        access_log_record(action=Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="access_log_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the username typed: `credentials` also holds the password (Django masks it, but
    # nothing of it belongs in a log).
    username = lockout_username(request, credentials) if credentials else None
    access_log_record(
        action=Action.LOGIN_FAILED,
        request=request,
        user=None,
        username=username if isinstance(username, str) else "",
    )


@receiver(user_locked_out, dispatch_uid="access_log_lockout")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    access_log_record(
        action=Action.LOCKOUT,
        request=request,
        user=None,
        username=username if isinstance(username, str) else "",
        subject=f"limit:{settings.AXES_FAILURE_LIMIT}",
    )
