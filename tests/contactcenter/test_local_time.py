"""The console shows dates and times in the organization's time zone; the API answers in UTC."""

import datetime

import pytest

from channels.models import EntryPoint
from contactcenter.choices import Role
from contactcenter.models import ApiToken
from tests.factories import make_entry_point, make_organization, make_user

from ..conftest import _client_for

NOON_UTC = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def kolkata(db):
    return make_organization("Pune Support", timezone="Asia/Kolkata")


@pytest.fixture
def channel(kolkata):
    channel = make_entry_point(kolkata, name="Chat_in")
    EntryPoint.objects.filter(pk=channel.pk).update(created_at=NOON_UTC, updated_at=NOON_UTC)
    return channel


@pytest.mark.parametrize("role", [Role.ADMIN, Role.VIEWER])
def test_the_channel_page_shows_record_times_in_the_organizations_zone(kolkata, channel, role):
    client = _client_for(make_user(kolkata, role))
    page = client.get(channel.get_absolute_url()).content.decode()
    assert 'datetime="2026-01-15T17:30:00+05:30"' in page  # 12:00 UTC is 17:30 in Kolkata
    assert "Thu 15 Jan 2026 17:30" in page  # one format for a moment, 24-hour


def test_the_list_dates_follow_the_organization_too(kolkata, channel):
    client = _client_for(make_user(kolkata))
    page = client.get("/channels/").content.decode()
    assert 'datetime="2026-01-15T17:30:00+05:30"' in page


def test_another_organization_sees_its_own_zone(channel, other_org):
    """Each member's organization decides: New York is 07:00 for the same instant."""
    make_entry_point(other_org, name="Chat_ny")
    EntryPoint.objects.filter(organization=other_org).update(updated_at=NOON_UTC)
    client = _client_for(make_user(other_org))
    page = client.get("/channels/?q=Chat_ny").content.decode()
    assert "2026-01-15T07:00:00-05:00" in page


def test_the_api_still_answers_in_utc_even_to_a_signed_in_browser(kolkata, channel):
    session = _client_for(make_user(kolkata))
    body = session.get(f"/api/v1/entry-points/{channel.pk}/").json()
    assert datetime.datetime.fromisoformat(body["created_at"]) == NOON_UTC
    assert body["created_at"].endswith(("Z", "+00:00"))


def test_a_token_expiry_date_starts_at_local_midnight(kolkata):
    client = _client_for(make_user(kolkata))
    response = client.post("/account/api-tokens/", {"name": "nightly", "expires_on": "2030-03-01"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="nightly")
    # Midnight in Kolkata is 18:30 UTC the evening before.
    assert token.expires_at == datetime.datetime(2030, 2, 28, 18, 30, tzinfo=datetime.UTC)
