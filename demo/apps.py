from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader: it uses every app, so it sits above them all and nothing imports it."""

    name = "demo"
    verbose_name = "Demo data"
