"""Who is changing the configuration, and through what: set once per request, read by each record.

A request's user and token are read when a change is recorded, not when the request starts: the
API authenticates inside the view (DRF sets `user` and `auth` on the Django request then). Outside
a request (a management command, the shell, seed_demo) the change is the system's: via `command`,
no user.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest

from .choices import Via

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


@dataclass
class Restoring:
    model: type
    object_id: str
    entries: list  # the entries recorded for the object while it is restored


_restoring: ContextVar[Restoring | None] = ContextVar("audit_restoring", default=None)


@dataclass(frozen=True)
class Actor:
    user: object | None
    token_name: str
    via: str


def via_for_path(path: str) -> str:
    if path.startswith("/api/"):
        return Via.API
    if path.startswith("/admin/"):
        return Via.ADMIN
    return Via.CONSOLE


def current_actor() -> Actor:
    """The user, token name and way in of the change being recorded now."""
    request = _request.get()
    if request is None:
        return Actor(user=None, token_name="", via=Via.COMMAND)
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    token = getattr(request, "auth", None)
    token_name = getattr(token, "name", "") if token is not None else ""
    return Actor(user=user, token_name=str(token_name or ""), via=via_for_path(request.path_info))


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    reset = _request.set(request)
    try:
        yield
    finally:
        _request.reset(reset)


class AuditContextMiddleware:
    """Every change made while serving a request is recorded with that request's user and way in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)


@contextmanager
def restoring(model: type, object_id: str) -> Iterator[Restoring]:
    """Changes of this one object made inside are recorded as `restored` (see audit.restore)."""
    target = Restoring(model, str(object_id), [])
    reset = _restoring.set(target)
    try:
        yield target
    finally:
        _restoring.reset(reset)


def restoring_target() -> Restoring | None:
    return _restoring.get()
