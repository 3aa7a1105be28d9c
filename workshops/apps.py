from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops and trainings")

    def ready(self):
        from households.timeline import timeline_register

        from .timeline import workshops_timeline

        timeline_register(workshops_timeline)
