from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Every login (ours, the admin's) starts the session's two-factor state.
        from . import two_factor

        two_factor.connect_login_signal()

        # Connects the login signals to the access log, and registers the purge task with
        # Celery (it lives outside a tasks.py module, which autodiscovery alone would find).
        from . import access_log_purge, access_log_signals  # noqa: F401
