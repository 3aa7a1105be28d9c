from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed


class LockedPasswordChangeForm(PasswordChangeForm):
    """Django's form, whose old-password check counts as a login try for django-axes.

    Otherwise a session left open would let anyone try passwords there without limit, and a
    password found that way opens every other login path.
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        credentials = {"username": self.user.get_username()}
        # A locked pair is refused even the right password, as on the login page.
        locked = AxesProxyHandler.is_locked(self.request, credentials)
        if locked or not self.user.check_password(old_password):
            # How axes learns of a failure: it counts it for the username and address, and
            # marks the request locked out once the limit is reached (AxesMiddleware answers).
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
