from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self):
        # Importing connects the receivers (households/signals.py explains the mechanism).
        from . import receivers  # noqa: F401
