"""Fixtures of the API tests: a token and a client for each kind of caller."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from contactcenter.tokens import api_token_create, api_token_revoke


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The shared user fixtures hash a password each; a fast hasher keeps the matrix quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded audio goes to a temporary folder, not the checkout's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The rate limit counts requests in the cache; every test starts with a full budget.
    cache.clear()
    yield
    cache.clear()


def bearer_client(secret: str | None) -> APIClient:
    client = APIClient()
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def admin_secret(admin_user):
    return api_token_create(user=admin_user, name="script")[1]


@pytest.fixture
def api(admin_secret):
    """An administrator's client with a full token."""
    return bearer_client(admin_secret)


@pytest.fixture
def viewer_api(viewer_user):
    return bearer_client(api_token_create(user=viewer_user, name="viewer")[1])


@pytest.fixture
def read_only_api(admin_user):
    return bearer_client(api_token_create(user=admin_user, name="read-only", read_only=True)[1])


@pytest.fixture
def expired_api(admin_user):
    token, secret = api_token_create(
        user=admin_user, name="expiring", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    type(token).objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    return bearer_client(secret)


@pytest.fixture
def revoked_api(admin_user):
    token, secret = api_token_create(user=admin_user, name="revoked")
    api_token_revoke(token=token)
    return bearer_client(secret)


@pytest.fixture
def outsider_api(outsider_user):
    return bearer_client(api_token_create(user=outsider_user, name="outsider")[1])


@pytest.fixture
def anonymous_api():
    return APIClient()
