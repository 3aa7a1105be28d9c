from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops and trainings")

    def ready(self):
        from . import timeline  # noqa: F401  connects the workshops' timeline receiver
