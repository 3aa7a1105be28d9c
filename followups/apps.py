from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self):
        # Importing connects the receivers (households/signals.py explains the mechanism).
        from . import receivers, timeline  # noqa: F401
