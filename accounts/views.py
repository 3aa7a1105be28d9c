from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from .forms import LockedPasswordChangeForm
from .reauthentication import reauthentication_required

# The query flag LOGOUT_REDIRECT_URL adds: this login page follows a logout.
LOGGED_OUT_FLAG = "logged_out"


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    # Public by necessity; django-axes locks a username+address pair after repeated failures
    # (accounts/lockout.py), on this form and the admin's alike.
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # After a logout the page forgets every browser draft (static/js/form-draft.js); not
        # when an idle session merely ended, so that the same user finds them after logging in.
        return super().get_context_data(
            **kwargs, forget_drafts=self.request.GET.get(LOGGED_OUT_FLAG) == "1"
        )


class LogoutView(auth_views.LogoutView):
    """Logs out and asks the browser to erase what this site stored in it (the drafts)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


@method_decorator(reauthentication_required(), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Every role changes their own password here, auditors included (ReadOnlyRoleMiddleware).

    Django's view keeps this session alive (update_session_auth_hash); the user's other
    sessions end on their next request, their session hash no longer matching.
    """

    template_name = "registration/password_change_form.html"
    form_class = LockedPasswordChangeForm
    success_url = "/"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def form_invalid(self, form):
        if getattr(self.request, "axes_locked_out", False):
            # Too many wrong old passwords: whoever sits at this open session is not let go on
            # (AxesMiddleware answers with the lockout page).
            logout(self.request)
        return super().form_invalid(form)
