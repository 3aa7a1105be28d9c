from django.urls import path

from . import access_log_views, reauthentication, two_factor_views, views
from .access_log import Action, logged

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("access-log/", access_log_views.access_log_list, name="access_log"),
    path(
        "access-log/export/<slug:fmt>/",
        logged(access_log_views.access_log_export, Action.EXPORT),
        name="access_log_export",
    ),
    path("confirm/", reauthentication.reauthenticate, name="reauthenticate"),
    path("two-factor/", two_factor_views.overview, name="two_factor"),
    path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    path("two-factor/enrol/qr.svg", two_factor_views.enrolment_qr, name="two_factor_qr"),
    path(
        "two-factor/codes/",
        two_factor_views.regenerate_codes,
        name="two_factor_codes_regenerate",
    ),
    path("two-factor/remove/", two_factor_views.remove, name="two_factor_remove"),
]
