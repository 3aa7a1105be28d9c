from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryImportConfig(AppConfig):
    name = "history_import"
    verbose_name = _("Import of past cases")

    def ready(self):
        # Registers the tasks that services.py queues by name.
        from . import tasks  # noqa: F401
