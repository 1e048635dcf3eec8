"""Personal API tokens: stored hashed, shown once, expiring, revocable; the console page that manages them."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from contactcenter.models import ApiToken
from contactcenter.tokens import api_token_create, api_token_revoke
from tests.api.conftest import bearer_client


def test_only_a_hash_of_the_secret_is_stored(admin_user):
    token, secret = api_token_create(user=admin_user, name="export")
    assert secret.startswith("cc_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.key_hash, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)


def test_an_expiry_must_be_in_the_future(admin_user):
    with pytest.raises(ValidationError) as raised:
        api_token_create(user=admin_user, name="old", expires_at=timezone.now() - datetime.timedelta(days=1))
    assert raised.value.message_dict == {"expires_at": ["Choose an expiry date in the future."]}


def test_a_token_authenticates_until_revoked(admin_user):
    token, secret = api_token_create(user=admin_user, name="cli")
    client = bearer_client(secret)
    assert client.get("/api/v1/queues/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    api_token_revoke(token=token)
    response = client.get("/api/v1/queues/")
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": "This token has been revoked."}


def test_an_expired_token_is_refused(expired_api):
    response = expired_api.get("/api/v1/queues/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


@pytest.mark.parametrize("header", ["Bearer", "Bearer cc_wrong", "Bearer a b", "Bearer \u00e9t\u00e9"])
def test_bad_credentials_are_401(db, header):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/queues/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_inactive_user_s_token_is_refused(admin_user):
    secret = api_token_create(user=admin_user, name="cli")[1]
    admin_user.is_active = False
    admin_user.save()
    assert bearer_client(secret).get("/api/v1/queues/").status_code == 401


# --- the console page ---------------------------------------------------------------------------


def test_the_page_lists_only_the_user_s_tokens(admin_client, admin_user, viewer_user):
    api_token_create(user=admin_user, name="mine")
    api_token_create(user=viewer_user, name="someone else's")
    response = admin_client.get("/account/api-tokens/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "mine" in content
    assert "someone else" not in content


def test_creating_shows_the_secret_once(admin_client, admin_user):
    response = admin_client.post("/account/api-tokens/", {"name": "nightly", "read_only": "on"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=admin_user)
    assert token.read_only is True
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert bearer_client(secret).get("/api/v1/flows/").status_code == 200
    again = admin_client.get("/account/api-tokens/")
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_an_invalid_form_keeps_the_input(admin_client):
    response = admin_client.post("/account/api-tokens/", {"name": "", "expires_on": "2001-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    past = admin_client.post("/account/api-tokens/", {"name": "late", "expires_on": "2001-01-01"})
    assert past.context["form"].errors["expires_on"] == ["Choose an expiry date in the future."]
    assert 'value="late"' in past.content.decode()
    assert not ApiToken.objects.exists()


def test_a_viewer_s_tokens_are_read_only(viewer_client, viewer_user):
    viewer_client.post("/account/api-tokens/", {"name": "look"})
    assert ApiToken.objects.get(user=viewer_user).read_only is True


def test_revoking(admin_client, admin_user, viewer_user):
    token, secret = api_token_create(user=admin_user, name="old")
    response = admin_client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer_client(secret).get("/api/v1/flows/").status_code == 401
    others, _ = api_token_create(user=viewer_user, name="theirs")
    assert admin_client.post(f"/account/api-tokens/{others.pk}/revoke/").status_code == 404
    assert admin_client.get(f"/account/api-tokens/{token.pk}/revoke/").status_code == 405
    others.refresh_from_db()
    assert others.revoked_at is None


def test_the_page_needs_a_signed_in_user(client, db):
    response = client.get("/account/api-tokens/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_page_is_protected_by_csrf(admin_user):
    from django.test import Client

    from tests.factories import PASSWORD

    client = Client(enforce_csrf_checks=True)
    client.login(request=HttpRequest(), username=admin_user.username, password=PASSWORD)
    assert client.post("/account/api-tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
