from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from .forms import LockoutAuthenticationForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    # Public by necessity; the form locks a username+address pair after repeated failures.
    form_class = LockoutAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = "/"
