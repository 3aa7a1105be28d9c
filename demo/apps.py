from django.apps import AppConfig


class DemoConfig(AppConfig):
    # The top layer: demo logins and large data sets, built from every other app.
    name = "demo"
