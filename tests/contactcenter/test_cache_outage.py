"""A Redis outage degrades, never crashes: counting goes on in the process, /readyz says 503.

Against a redis-server of the test's own, started on a free port and then stopped.
"""

import logging

import pytest
import redis
from axes.handlers.proxy import AxesProxyHandler
from django.test import Client
from rest_framework.test import APIClient

from contactcenter.cache import outage
from contactcenter.tokens import api_token_create
from tests.factories import PASSWORD
from tests.servers import redis_server

pytestmark = pytest.mark.django_db

QUEUE = {
    "queue_type": "inbound",
    "channel_type": "telephony",
    "service_level_threshold": 30,
    "max_time_in_queue": 600,
}


@pytest.fixture
def own_redis(settings):
    with redis_server() as server:
        settings.REDIS_URL = server["url"]
        settings.CACHES = {
            "default": {
                "BACKEND": "contactcenter.cache.FallbackRedisCache",
                "LOCATION": server["url"],
                # Retry Redis at every operation: the error must still be logged once, not per request.
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_SECONDS": 0},
            }
        }
        outage.down, outage.logged_at = False, None
        AxesProxyHandler.implementation = None  # django-axes keeps the cache it first met
        yield server
        AxesProxyHandler.implementation = None
        outage.down, outage.logged_at = False, None


def api_for(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='outage')[1]}")
    return api


def test_with_redis_gone_reads_and_writes_go_on_and_readyz_is_503(own_redis, admin_user, settings, caplog):
    settings.API_RATE_LIMIT = "3/minute"
    api = api_for(admin_user)
    assert api.get("/api/v1/queues/").status_code == 200
    assert Client().get("/readyz").status_code == 200
    # While Redis runs, the rate limit is counted there, where every server sees it.
    assert redis.Redis.from_url(own_redis["url"]).keys("*throttle_api_token*")

    own_redis["stop"]()
    caplog.set_level(logging.ERROR, logger="contactcenter.cache")

    fresh = api_for(admin_user)
    assert fresh.post("/api/v1/queues/", {"name": "During_outage", **QUEUE}).status_code == 201
    # The limit still holds, counted in this process: 3 in a minute, then 429 (not a 500).
    assert [fresh.get("/api/v1/queues/").status_code for _ in range(3)] == [200, 200, 429]

    console = Client()
    assert console.post("/login/", {"username": "admin", "password": "wrong"}).status_code == 200
    assert console.post("/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    assert console.get("/queues/").status_code == 200
    assert b"During_outage" in console.get("/queues/").content

    ready = Client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"] == "unreachable"

    errors = [record for record in caplog.records if record.name == "contactcenter.cache"]
    assert len(errors) == 1, [record.getMessage() for record in errors]
    assert "count in this process" in errors[0].getMessage()


def test_sign_in_throttling_counts_in_the_process_during_an_outage(own_redis, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    own_redis["stop"]()
    client = Client()
    statuses = [
        client.post("/login/", {"username": "admin", "password": "wrong"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.post("/login/", {"username": "admin", "password": PASSWORD}).status_code == 429
