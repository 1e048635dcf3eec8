from django.apps import AppConfig


class ContactCenterConfig(AppConfig):
    name = "contactcenter"
    verbose_name = "Contact center"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            history,  # noqa: F401  (tokens and memberships in the audit trail)
            metrics,  # noqa: F401  (counts failed sign-ins)
        )
