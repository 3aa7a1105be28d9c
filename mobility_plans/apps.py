from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityPlansConfig(AppConfig):
    name = "mobility_plans"
    verbose_name = _("Mobility plans")

    def ready(self):
        from . import timeline  # noqa: F401  connects its timeline receivers
