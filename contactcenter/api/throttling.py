"""A request budget per API token (or per signed-in user), set by API_RATE_LIMIT, e.g. "600/minute"."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import SimpleRateThrottle

from contactcenter.metrics import THROTTLED
from contactcenter.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str | None:
        # Read at request time, so a changed setting (and tests) apply without a restart.
        return getattr(settings, "API_RATE_LIMIT", None) or None

    def parse_rate(self, rate):
        try:
            return super().parse_rate(rate)
        except (ValueError, KeyError, IndexError):
            raise ImproperlyConfigured(
                f"API_RATE_LIMIT must look like 600/minute (requests/second|minute|hour|day), not {rate!r}"
            ) from None

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if not allowed:
            THROTTLED.labels("api_rate_limit").inc()
        return allowed

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
