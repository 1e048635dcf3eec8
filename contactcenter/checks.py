"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
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


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.DEBUG or settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is not set: sign-in throttling, token-guessing limits and the API rate limit are "
            "counted in each server process, so N processes allow N times the limits.",
            hint="Set REDIS_URL=redis://host:6379/0 so every process and server shares one count.",
            id="contactcenter.W001",
        )
    ]
