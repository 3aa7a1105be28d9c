from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Imported once the models are loaded, so that every process (web or worker) knows the
        # tasks that services queue by name (see services._queue).
        from . import receivers, tasks  # noqa: F401
