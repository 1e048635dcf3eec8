"""The request log: one line per request (and Django's own line per error), each with its request id.

`DJANGO_LOG_FORMAT=json` makes every line one JSON object (python-json-logger) for a log collector;
`text` (the default, `make run`) keeps them readable. An incoming `X-Request-ID` that looks like an
id is kept, otherwise one is made; either way the response echoes it, and every line logged while
the request runs (an error's traceback included) carries it.
"""

import contextvars
import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject, empty

log = logging.getLogger("contactcenter.request")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# Printable, bounded: an id goes into every log line, so it must not be able to forge one.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
HEADER = "X-Request-ID"


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a 4xx/5xx answer after the middleware has finished: its record names the request.
            record.request_id = (
                request_id_var.get() or getattr(getattr(record, "request", None), "request_id", None) or "-"
            )
        return True


def request_id_for(request) -> str:
    incoming = request.headers.get(HEADER, "")
    return incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _known_user(request):
    """The signed-in user if something already loaded it: the log line itself makes no query."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    return user if getattr(user, "is_authenticated", False) else None


def _organization_id(user) -> str | None:
    if user is None:
        return None
    related = type(user).membership.related  # the reverse one-to-one of Membership.user
    if not related.is_cached(user):
        return None
    membership = related.get_cached_value(user)
    return str(membership.organization_id) if membership is not None else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        # Imported here: logging is configured (with RequestIdFilter) before the apps are loaded.
        from .throttling import client_address

        self.get_response = get_response
        self.client_address = client_address

    def __call__(self, request):
        request_id = request_id_for(request)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            user = _known_user(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            log.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user.pk if user is not None else None,
                    "organization_id": _organization_id(user),
                    "client": self.client_address(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
