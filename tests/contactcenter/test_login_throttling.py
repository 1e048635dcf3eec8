"""Password and token guessing is paused per username and address, never locked for good."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from contactcenter.tokens import api_token_create
from tests.factories import PASSWORD

WRONG = "not-the-password"


def sign_in(
    client: Client, username: str, password: str, url: str = "/login/", address: str = "198.51.100.7"
):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, **kwargs) -> None:
    """`times` wrong passwords: the ordinary page until the limit (5), from then on the pause (429)."""
    for attempt in range(1, times + 1):
        response = sign_in(client, username, WRONG, **kwargs)
        assert response.status_code == (200 if attempt < 5 else 429)


def test_five_failures_pause_sign_in_even_with_the_right_password(admin_user, caplog):
    client = Client()
    fail(client, "admin", 5)
    response = sign_in(client, "admin", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins for “admin” from your address" in page
    assert "the right password does not work before then" in page
    assert 'value="admin"' in page  # the username typed is kept
    assert "_auth_user_id" not in client.session
    assert "sign-in throttled: username='admin' address=198.51.100.7" in caplog.text


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(admin_user):
    client = Client()
    fail(client, "admin", 4)
    assert sign_in(client, "admin", PASSWORD).status_code == 302
    client.logout()
    fail(client, "admin", 4)  # counting starts again after a success
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_the_pause_is_per_address_so_a_guesser_cannot_lock_the_real_user_out(admin_user):
    fail(Client(), "admin", 6, address="203.0.113.66")
    assert sign_in(Client(), "admin", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_pause_is_per_username(admin_user, viewer_user):
    client = Client()
    fail(client, "viewer", 5)
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_the_pause_ends_by_itself(admin_user, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    client = Client()
    fail(client, "admin", 5)
    assert sign_in(client, "admin", PASSWORD).status_code == 429
    time.sleep(1.5)
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_an_operator_lifts_the_pause_early(admin_user):
    client = Client()
    fail(client, "admin", 5)
    assert sign_in(client, "admin", PASSWORD).status_code == 429
    call_command("axes_reset_ip_username", "198.51.100.7", "admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(db, django_user_model):
    django_user_model.objects.create_superuser("operator", password=PASSWORD)
    client = Client()
    for _ in range(4):
        assert sign_in(client, "operator", WRONG, url="/admin/login/").status_code == 200
    assert sign_in(client, "operator", WRONG, url="/admin/login/").status_code == 429
    response = sign_in(client, "operator", PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert "Too many failed sign-ins for “operator”" in response.content.decode()


def test_guessed_tokens_are_paused_per_address_with_retry_after(admin_user, settings, caplog):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    _token, secret = api_token_create(user=admin_user, name="script")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        response = guesser.get("/api/v1/queues/", HTTP_AUTHORIZATION="Bearer cc_guess")
        assert response.status_code == 401
    paused = guesser.get("/api/v1/queues/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert paused.status_code == 429
    assert paused.json()["code"] == "throttled"
    assert int(paused["Retry-After"]) > 0
    assert "API token authentication throttled: address=203.0.113.9" in caplog.text
    # The same token from another address works: only the guessing address waits.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get("/api/v1/queues/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer cc_wrong"])
def test_every_kind_of_bad_token_counts(admin_user, settings, header):
    settings.API_TOKEN_FAILURE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(2):
        assert client.get("/api/v1/queues/", HTTP_AUTHORIZATION=header).status_code == 401
    assert client.get("/api/v1/queues/", HTTP_AUTHORIZATION=header).status_code == 429
