"""Re-authentication before changing the password or the second factor of an open session.

Whoever finds a session left open must not take the account over: these pages need the
password, and a token when the user has a second factor, given in the last
REAUTHENTICATION_MINUTES (the login counts). Otherwise they show the re-authentication form,
which posts here and comes back to the page.
"""

import functools

from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import two_factor
from .two_factor_forms import ReauthenticationForm


def safe_next(request, default: str) -> str:
    """Where to go after this step: the page first asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def reauthentication_required(back_to: str | None = None):
    """Decorate a view that changes the password or the second factor.

    `back_to` names the page to come back to when the view answers POST only (a button):
    coming back to it by GET would be refused.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if two_factor.recently_confirmed(request):
                return view(request, *args, **kwargs)
            if request.method != "POST":
                next_url = request.get_full_path()
            else:
                next_url = reverse(back_to) if back_to else request.path
            return _page(request, ReauthenticationForm(request=request), next_url=next_url)

        return wrapper

    return decorator


def _page(request, form, *, next_url: str):
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "next": next_url, "minutes": two_factor.REAUTHENTICATION_MINUTES},
    )


@require_POST
def reauthenticate(request):
    form = ReauthenticationForm(request.POST, request=request)
    next_url = safe_next(request, reverse("accounts:two_factor"))
    if form.is_valid():
        two_factor.confirm_password(request)
        if form.device is not None:
            two_factor.session_verified(request, form.device)
        return redirect(next_url)
    if getattr(request, "axes_locked_out", False):
        # As on the password change page: too many wrong passwords end the open session.
        logout(request)
    return _page(request, form, next_url=next_url)
