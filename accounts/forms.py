from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm


class LockedPasswordChangeForm(PasswordChangeForm):
    """Django's form, whose old-password check is a login try like any other.

    Otherwise a session left open would let anyone try passwords there without limit, and a
    password found that way opens every other login path. authenticate() goes through
    django-axes first (AUTHENTICATION_BACKENDS): a locked pair is refused even the right
    password, and a failure is counted for the username and address, as on the login page.
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
