from django.apps import AppConfig


class CoreConfig(AppConfig):
    # No models: the app exists so that its helpers sit in one place at the bottom layer.
    name = "core"
