from django.apps import AppConfig


class SupportNumbersConfig(AppConfig):
    name = "support_numbers"
    verbose_name = "Support numbers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import history  # noqa: F401  (registers the audit trail of its objects)
