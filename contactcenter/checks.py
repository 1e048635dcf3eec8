"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."


def secret_key_missing() -> bool:
    if settings.DEBUG:
        return False
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key
        return True


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_missing():
        return [
            Error(
                MISSING_SECRET_KEY,
                hint="Set it to a long random value, for example from "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="contactcenter.E001",
            )
        ]
    return []
