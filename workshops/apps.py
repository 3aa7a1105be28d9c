from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops and trainings")

    def ready(self):
        # Importing connects the receivers (households/signals.py explains the mechanism).
        from . import signals, timeline  # noqa: F401
