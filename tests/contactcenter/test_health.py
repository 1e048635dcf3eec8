"""/healthz, /readyz and /metrics: no sign-in, no secret, answered whatever the host and scheme."""

import ipaddress
import json

import pytest
from django.test import Client
from prometheus_client import REGISTRY
from rest_framework.test import APIClient

from contactcenter import health
from contactcenter.throttling import client_address
from contactcenter.tokens import api_token_create

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-test-0123456789"


class TestHealthz:
    def test_the_process_answers_without_touching_the_database(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "no-store"

    @pytest.mark.parametrize("path", ["/healthz", "/readyz"])
    def test_any_host_and_plain_http_in_production(self, settings, path):
        # A load balancer calls a server by its address, over HTTP: no 400 DisallowedHost, no 301.
        settings.ALLOWED_HOSTS = ["console.example.com"]
        settings.SECURE_SSL_REDIRECT = True
        response = Client().get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200

    def test_writes_are_a_405_not_a_csrf_failure(self):
        response = Client(enforce_csrf_checks=True).post("/healthz")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


class TestReadyz:
    def test_ready_names_each_check(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}

    def test_a_migration_not_applied_is_a_503_naming_it(self, client, monkeypatch):
        known = health.known_migrations()
        monkeypatch.setattr(health, "known_migrations", lambda: known | {("audio", "9999_future")})
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "checks": {"database": "ok", "migrations": "1 not applied"},
            "failed": ["migrations"],
        }

    def test_an_unreachable_cache_is_a_503_without_its_address_or_password(self, client, settings):
        settings.REDIS_URL = "redis://:s3cret-password@127.0.0.1:1/0"
        settings.CACHES = {
            "default": {
                "BACKEND": "contactcenter.cache.FallbackRedisCache",
                "LOCATION": settings.REDIS_URL,
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "unreachable"}
        assert response.json()["failed"] == ["cache"]
        assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


def metric(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class TestMetrics:
    @pytest.fixture(autouse=True)
    def _token(self, settings):
        settings.METRICS_TOKEN = TOKEN
        settings.METRICS_ALLOWED_ADDRESSES = []

    @pytest.mark.parametrize(
        "headers",
        [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"}],
        ids=["none", "wrong-token", "not-bearer"],
    )
    def test_a_caller_without_the_token_is_refused(self, client, headers):
        response = client.get("/metrics", **headers)
        assert response.status_code == 403
        assert b"django_http" not in response.content

    def test_a_signed_in_administrator_is_not_enough(self, admin_client):
        assert admin_client.get("/metrics").status_code == 403

    def test_without_a_token_configured_no_bearer_gets_in(self, client, settings):
        settings.METRICS_TOKEN = ""
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403

    def test_the_token_shows_requests_latency_queries_throttles_and_failed_sign_ins(
        self, client, admin_user, settings
    ):
        settings.API_RATE_LIMIT = "1/minute"
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=admin_user, name='m')[1]}")
        throttled = metric("contactcenter_throttled_requests_total", kind="api_rate_limit")
        failed = metric("contactcenter_failed_logins_total")
        assert api.get("/api/v1/queues/").status_code == 200
        assert api.get("/api/v1/queues/").status_code == 429
        Client().post("/login/", {"username": "admin", "password": "wrong"})

        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        text = response.content.decode()
        assert (
            'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="api:queue-list"}'
            in text
        )
        assert (
            'django_http_requests_latency_seconds_by_view_method_bucket{le="0.1",method="GET",view="api:queue-list"}'
            in text
        )
        assert 'django_db_execute_total{alias="default",vendor=' in text
        assert metric("contactcenter_throttled_requests_total", kind="api_rate_limit") == throttled + 1
        assert metric("contactcenter_failed_logins_total") == failed + 1

    def test_an_allowed_address_needs_no_token(self, client, settings):
        settings.METRICS_ALLOWED_ADDRESSES = [ipaddress.ip_network("10.0.0.0/8")]
        assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 403

    def test_a_forged_forwarded_for_does_not_count_without_proxies(self, client, settings):
        settings.METRICS_ALLOWED_ADDRESSES = [ipaddress.ip_network("10.0.0.0/8")]
        settings.PROXY_COUNT = 0
        forged = client.get("/metrics", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
        assert forged.status_code == 403

    def test_behind_one_proxy_the_forwarded_client_counts(self, client, settings):
        settings.METRICS_ALLOWED_ADDRESSES = [ipaddress.ip_network("10.0.0.0/8")]
        settings.PROXY_COUNT = 1
        # The proxy (192.0.2.99) appended the address it was called from; what lies left of it is forgeable.
        inside = client.get(
            "/metrics", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1"
        )
        assert inside.status_code == 200
        outside = client.get(
            "/metrics", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5"
        )
        assert outside.status_code == 403


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.5", "192.0.2.99"),
        (1, "", "192.0.2.99"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (3, "203.0.113.5", "203.0.113.5"),
    ],
)
def test_the_client_address_behind_proxies(rf, settings, proxies, forwarded, address):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


def test_health_paths_are_not_rate_limited(client, settings):
    settings.API_RATE_LIMIT = "1/minute"
    assert [client.get("/readyz").status_code for _ in range(3)] == [200, 200, 200]
    assert json.loads(client.get("/healthz").content) == {"status": "ok"}
