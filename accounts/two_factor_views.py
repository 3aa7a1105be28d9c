"""Pages of two-factor authentication: the login's second step, enrolment, recovery codes.

Each acts on the signed-in user's own account only, so they need no access helper; auditors
use them too (ReadOnlyRoleMiddleware lets them through: they change no case data).
"""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import two_factor
from .reauthentication import reauthentication_required, safe_next
from .two_factor_forms import EnrolmentForm, TokenForm


def _next(request, default: str | None = None) -> str:
    return safe_next(request, default or reverse(settings.LOGIN_REDIRECT_URL))


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def verify(request):
    """The second step of the login: a code of the app, or a recovery code."""
    next_url = _next(request)
    if two_factor.is_verified(request):
        return redirect(next_url)
    if not two_factor.has_second_factor(request.user):
        return redirect(with_next("accounts:two_factor_enrol", next_url))
    form = TokenForm(request.POST or None, request=request, user=request.user)
    if request.method == "POST" and form.is_valid():
        two_factor.session_verified(request, form.device)
        if form.device.persistent_id.startswith("otp_static."):
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(
                request,
                _("You used a recovery code; %(left)s remain. Make new ones if few are left.")
                % {"left": left},
            )
        return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url},
    )


@require_GET
def overview(request):
    """The account's security page: whether a second factor is set, and what to do with it."""
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": two_factor.totp_device_of(user),
            "required": two_factor.requires_two_factor(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@reauthentication_required()
def enrol(request):
    """Scan the QR code (or type the key), then type a code: only then does the app count."""
    user = request.user
    next_url = _next(request, reverse("accounts:two_factor"))
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_enrolment_confirm(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except two_factor.TwoFactorError as error:
            form.add_error("token", error.message)
        else:
            # Shown in this answer only: the codes are never stored anywhere readable again.
            return _codes_page(request, codes, next_url=next_url, enrolled=True)
    device = two_factor.totp_enrolment_device(user=user)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "secret": _grouped(device.config_url.split("secret=", 1)[1].split("&", 1)[0]),
            "required": two_factor.requires_two_factor(user),
        },
    )


def _grouped(secret: str) -> str:
    """The base32 key in groups of four, easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_GET
def enrolment_qr(request):
    """The QR code of the key being enrolled, as an SVG image of its own.

    An image served from our origin satisfies the Content-Security-Policy (no inline markup);
    it is only ever the signed-in user's own unconfirmed key, and never cached.
    """
    device = two_factor.totp_enrolment_device(user=request.user)
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10
    )
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _codes_page(request, codes, *, next_url: str, enrolled: bool = False):
    return render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": codes, "next": next_url, "enrolled": enrolled},
    )


@require_POST
@reauthentication_required(back_to="accounts:two_factor")
def regenerate_codes(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.recovery_codes_regenerate(user=request.user)
    return _codes_page(request, codes, next_url=reverse("accounts:two_factor"))


@require_POST
@reauthentication_required(back_to="accounts:two_factor")
def remove(request):
    two_factor.two_factor_remove(request=request, user=request.user)
    messages.success(request, _("Two-factor authentication has been removed from your account."))
    return redirect("accounts:two_factor")
