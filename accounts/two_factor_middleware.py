"""Sends a signed-in user who still owes a second factor to it, before any other page.

Placed after django-otp's OTPMiddleware (which says whether a device verified the session)
and before every page, the Django admin included: an administrator who only typed the
password reaches nothing but the login's second step, enrolment, logging out and the
language switcher.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor

# What a user between the password and the token may still open.
_OPEN_BEFORE_VERIFICATION = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:two_factor_qr",
        "accounts:reauthenticate",
        "admin:logout",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or two_factor.is_verified(request):
            return None
        if request.resolver_match.view_name in _OPEN_BEFORE_VERIFICATION:
            return None
        # The flag set at login costs no query; the live check catches a role given since.
        if not (
            request.session.get(two_factor.PENDING_SESSION_KEY)
            or two_factor.requires_two_factor(user)
        ):
            return None
        step = (
            "accounts:two_factor_verify"
            if two_factor.has_second_factor(user)
            else "accounts:two_factor_enrol"
        )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
