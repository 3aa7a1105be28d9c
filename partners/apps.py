from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # Connect their receivers; register the task referral_links queues by name.
        from . import (  # noqa: F401
            consent_withdrawal,
            referral_links,
            relocation_prefill,
            tasks,
            timeline,
        )
