from django.apps import AppConfig


class ContactCenterConfig(AppConfig):
    name = "contactcenter"
    verbose_name = "Contact center"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The deployment checks, and tokens and memberships in the audit trail.
        from . import checks, history  # noqa: F401
