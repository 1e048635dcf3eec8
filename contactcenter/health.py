"""Health endpoints for load balancers and orchestrators, and the middleware that answers them.

`/healthz`: the process answers (nothing else is touched). `/readyz`: the database answers, every
migration this code knows is applied, and the shared cache answers when one is configured; 200, or
503 naming each failed check. Neither needs a sign-in or reveals a secret (no host names, no error
texts). With `/metrics` they are answered before host validation, the HTTPS redirect, CSRF and the
rate limits, since a load balancer or Prometheus calls a server by its own address over plain HTTP.
"""

import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django_prometheus.exports import ExportToDjangoView

from .throttling import client_address


@lru_cache(maxsize=1)
def known_migrations() -> frozenset[tuple[str, str]]:
    """Every migration on disk, read once per process (the code does not change while it runs)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return None


def check_migrations() -> str | None:
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return "unknown"
    missing = known_migrations() - applied
    return f"{len(missing)} not applied" if missing else None


def check_cache() -> str | None:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is None:  # this process's own memory: nothing to reach
        return None
    try:
        ping()
    except Exception:  # whatever the client raises: the body names the check, never the error's text
        return "unreachable"
    return None


def readiness() -> dict[str, str]:
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"] is None else "unknown"
    if settings.REDIS_URL:
        checks["cache"] = check_cache()
    return {name: failure or "ok" for name, failure in checks.items()}


def _only_get(view):
    def answer(request):
        if request.method not in {"GET", "HEAD"}:
            response = JsonResponse({"detail": "Method not allowed."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        response = view(request)
        response["Cache-Control"] = "no-store"
        return response

    return answer


@_only_get
def healthz(request):
    return JsonResponse({"status": "ok"})


@_only_get
def readyz(request):
    checks = readiness()
    failed = sorted(name for name, result in checks.items() if result != "ok")
    body = {"status": "unavailable" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


def metrics_allowed(request) -> bool:
    """METRICS_TOKEN as a bearer token, or a client address in METRICS_ALLOWED_ADDRESSES."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    token = settings.METRICS_TOKEN
    if (
        token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(credential.strip().encode(), token.encode())
    ):
        return True
    if not settings.METRICS_ALLOWED_ADDRESSES:
        return False
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_ADDRESSES)


@_only_get
def metrics(request):
    if not metrics_allowed(request):
        return JsonResponse(
            {"detail": "Metrics need METRICS_TOKEN as a bearer token, or an allowed address."},
            status=403,
        )
    return ExportToDjangoView(request)


ROUTES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class OperationsMiddleware:
    """Answers the operational endpoints before host validation, the HTTPS redirect and the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ROUTES.get(request.path_info)
        return view(request) if view is not None else self.get_response(request)
