"""The forms of two-factor authentication: a token, and the re-authentication before a change.

A token is checked by the services (accounts/two_factor.py) only once it has the shape of one:
six digits from the app or an eight-character recovery code. Anything else (letters in a
TOTP code, a megabyte of text, other scripts' digits) is a form error before any query.
"""

import re

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from core.fields import SafeForm

from . import two_factor

# Recovery codes are base32 (django-otp's StaticToken.random_token): a-z and 2-7.
_TOKEN_SHAPE = re.compile(r"\A(?:[0-9]{6}|[a-z2-7]{8})\Z")
# Long enough for a code typed with spaces or dashes, short enough to refuse a flood at once.
TOKEN_MAX_LENGTH = 24


def _token_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TOKEN_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def clean_token_shape(value: str, *, recovery_allowed: bool = True) -> str:
    token = two_factor.normalise_token(value)
    if not _TOKEN_SHAPE.match(token) or (
        not recovery_allowed and not two_factor.is_totp_token(token)
    ):
        raise forms.ValidationError(
            _("Type the 6 digits your app shows, or one of your recovery codes."),
            code="token_shape",
        )
    return token


class TokenForm(SafeForm):
    """The second step of the login: a code of the app or a recovery code."""

    token = _token_field(_("Code"))

    def __init__(self, *args, request, user, **kwargs):
        self.request, self.user = request, user
        super().__init__(*args, **kwargs)
        self.device = None

    def clean_token(self):
        token = clean_token_shape(self.cleaned_data["token"])
        try:
            self.device = two_factor.token_verify(request=self.request, user=self.user, token=token)
        except two_factor.TwoFactorError as error:
            raise forms.ValidationError(error.message, code="token_refused") from None
        return token


class EnrolmentForm(SafeForm):
    """The first code of the app being enrolled: proof that it was set up right."""

    token = _token_field(_("Code shown by the app"))

    def clean_token(self):
        return clean_token_shape(self.cleaned_data["token"], recovery_allowed=False)


class ReauthenticationForm(SafeForm):
    """The password again, and a token when the user has a second factor.

    The password check is a login try like any other (django-axes counts and locks it), as in
    the password change form.
    """

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = _token_field(_("Code"))

    def __init__(self, *args, request, **kwargs):
        self.request, self.user = request, request.user
        super().__init__(*args, **kwargs)
        self.device = None
        self.fields["token"].widget.attrs.pop("autofocus")
        self.fields["password"].widget.attrs["autofocus"] = True
        if not two_factor.has_second_factor(self.user):
            del self.fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(_("Your password is not correct."), code="password")
        return password

    def clean_token(self):
        token = clean_token_shape(self.cleaned_data["token"])
        if "password" not in self.cleaned_data:
            return token  # a wrong password: no code is spent nor counted
        try:
            self.device = two_factor.token_verify(request=self.request, user=self.user, token=token)
        except two_factor.TwoFactorError as error:
            raise forms.ValidationError(error.message, code="token_refused") from None
        return token
