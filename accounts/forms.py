import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import login_failure_record, login_lock_remaining, login_success_reset


def client_ip(request) -> str:
    # REMOTE_ADDR is set by the WSGI server; behind a proxy the proxy must set it right.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a username+address pair after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed attempts for this account from your connection. "
            "Try again in %(minutes)s."
        ),
    }

    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        ip = client_ip(self.request)
        if username:
            self._refuse_if_locked(username, ip)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip_address=ip)
                self._refuse_if_locked(username, ip)
            raise
        login_success_reset(username=username, ip_address=ip)
        return cleaned

    def _refuse_if_locked(self, username: str, ip: str) -> None:
        remaining = login_lock_remaining(username=username, ip_address=ip)
        if remaining is not None:
            minutes = max(1, math.ceil(remaining.total_seconds() / 60))
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={
                    "minutes": ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
                },
            )
