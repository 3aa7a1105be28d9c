from django.apps import AppConfig


class CoreConfig(AppConfig):
    # No models: the app exists so that its helpers sit in one place at the bottom layer.
    name = "core"

    def ready(self):
        # The 503 page of a database outage logs one line; Django's traceback would repeat it.
        from .database_unavailable import install_log_filter

        install_log_filter()
