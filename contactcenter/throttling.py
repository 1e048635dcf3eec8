"""Guessing passwords and tokens: failures are counted per address (and username) and cooled off.

Console and admin sign-in go through django-axes (settings: AXES_*): after LOGIN_FAILURE_LIMIT
failures for one username from one address within the cool-off, further attempts from there,
the right password included, are refused until LOGIN_COOLOFF_MINUTES after the lockout began.
Nothing locks permanently and another address is never affected, so nobody can shut an
administrator out. Failed API token authentications are counted per address the same way.
The counts live in Django's cache, which several servers share once it is Redis.
"""

import logging
from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from .metrics import THROTTLED

log = logging.getLogger("contactcenter.security")


def cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def _locked_until(key: str) -> datetime:
    """When a lockout ends: fixed when it begins, so repeated attempts don't move the time."""
    period = cool_off()
    cache.add(key, timezone.now() + period, timeout=int(period.total_seconds()))
    return cache.get(key) or timezone.now() + period


def client_ip(request) -> str | None:
    """The client's address: the connection's, or behind DJANGO_PROXY_COUNT proxies the one the
    farthest of them saw (each proxy appends the address it was called from to X-Forwarded-For, so
    what lies left of that is the client's to forge)."""
    proxies = settings.PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


def client_address(request) -> str:
    return get_client_ip_address(request) or "unknown"


def login_locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: the sign-in page again, 429, saying why and until when."""
    THROTTLED.labels("sign_in").inc()
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    address = client_address(request)
    until = _locked_until(f"login-locked-until:{username.lower()}:{address}")
    log.warning(
        "sign-in throttled: username=%r address=%s path=%s until=%s",
        username,
        address,
        request.path,
        until.isoformat(),
    )
    form = AuthenticationForm(request, data={"username": username})
    form.errors.clear()
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    form.add_error(
        None,
        _(
            "Too many failed sign-ins for “%(username)s” from your address. Sign-in is paused for "
            "%(minutes)d more minutes, until %(time)s; the right password does not work before then. "
            "An operator can lift the pause earlier."
        )
        % {"username": username, "minutes": minutes, "time": time_format(timezone.localtime(until), "H:i T")},
    )
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": request.POST.get("next", ""), "throttled": True},
        status=429,
    )


def _token_key(address: str) -> str:
    return f"api-token-failures:{address}"


def token_failures_exceeded(request) -> int | None:
    """Seconds to wait if this address has failed token authentication too often, else None."""
    address = client_address(request)
    if cache.get(_token_key(address), 0) < settings.API_TOKEN_FAILURE_LIMIT:
        return None
    THROTTLED.labels("api_token_guessing").inc()
    until = _locked_until(f"api-token-locked-until:{address}")
    wait = max(1, int((until - timezone.now()).total_seconds()))
    log.warning(
        "API token authentication throttled: address=%s path=%s wait=%ss", address, request.path, wait
    )
    return wait


def token_failure(request) -> None:
    """Count one failed token authentication for the request's address (within the cool-off)."""
    key = _token_key(client_address(request))
    timeout = int(cool_off().total_seconds())
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=timeout)
