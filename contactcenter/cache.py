"""The shared cache (Redis) that degrades instead of failing: during an outage this process counts alone.

Everything the product counts (sign-in failures through django-axes, token guessing, the API rate
limit) goes through Django's cache. If Redis cannot be reached, a request must not fail with a
500 because of it: each operation then runs on a per-process memory cache instead, as if
REDIS_URL were unset, and Redis is tried again `RETRY_SECONDS` later. The outage is logged as an
error at most once a minute per process, and its end once. `/readyz` asks Redis itself (`ping`).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("contactcenter.cache")

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
LOG_INTERVAL_SECONDS = 60


class _Outage:
    """One per process (Django builds a cache backend per thread): since when Redis failed, what was logged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0  # monotonic time before which Redis is not tried again
        self.down = False
        self.logged_at: float | None = None

    def active(self) -> bool:
        return self.down and time.monotonic() < self.retry_at

    def begin(self, error: Exception, retry_seconds: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.down = True
            self.retry_at = now + retry_seconds
            if self.logged_at is not None and now - self.logged_at < LOG_INTERVAL_SECONDS:
                return
            self.logged_at = now
        log.error(
            "the shared cache (Redis) is unreachable: throttling and rate limits count in this process "
            "until it answers again (%s: %s)",
            type(error).__name__,
            error,
        )

    def end(self) -> None:
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
            self.logged_at = None
        log.warning("the shared cache (Redis) answers again: counting is shared again")


outage = _Outage()


class FallbackRedisCache(RedisCache):
    """Django's Redis cache, falling back to this process's memory while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        local = {key: value for key, value in params.items() if key != "OPTIONS"}
        # One fallback store per process, whichever thread's backend uses it (LocMemCache shares by name).
        self.local = LocMemCache("contactcenter-cache-fallback", {**local, "OPTIONS": {"MAX_ENTRIES": 10000}})

    def ping(self) -> None:
        """Ask Redis itself, past any fallback: raises if it cannot be reached (for /readyz)."""
        self._cache.get_client(write=True).ping()

    def _call(self, name: str, *args):
        if outage.active():
            return getattr(self.local, name)(*args)
        try:
            result = getattr(super(), name)(*args)
        except OUTAGE_ERRORS as error:
            outage.begin(error, self.retry_seconds)
            return getattr(self.local, name)(*args)
        outage.end()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self.local.clear()
        return self._call("clear")
