"""Prometheus metrics of our own, beside django-prometheus' requests, latencies and queries.

`/metrics` itself is answered by contactcenter.health.
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from prometheus_client import Counter

# kind: api_rate_limit (API_RATE_LIMIT), api_token_guessing, sign_in (django-axes' pause).
THROTTLED = Counter("contactcenter_throttled_requests", "Requests refused by a throttle.", ["kind"])
FAILED_LOGINS = Counter("contactcenter_failed_logins", "Failed sign-ins, console and admin.")


@receiver(user_login_failed)
def _count_failed_login(sender, **kwargs) -> None:
    FAILED_LOGINS.inc()
