from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

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


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = "/"
