"""POST /api/v1/entry-points/bulk/ and /api/v1/support-numbers/bulk/: one result per id."""

import uuid

import pytest

from channels.models import EntryPoint
from channels.services import entry_point_deactivate, entry_point_update, system_channel_ensure
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db

URL = "/api/v1/entry-points/bulk/"


def test_deactivate_answers_each_id_in_order(api, org):
    channels = [make_entry_point(org, name=f"Chat_{n}") for n in range(2)]
    system = system_channel_ensure(organization=org)
    unknown = uuid.uuid4()
    ids = [str(channels[0].pk), str(system.pk), str(unknown), str(channels[1].pk)]

    response = api.post(URL, {"action": "deactivate", "ids": ids}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"done": 2, "unchanged": 0, "refused": 1, "not_found": 1}
    assert [(r["id"], r["status"]) for r in body["results"]] == [
        (ids[0], "done"),
        (ids[1], "refused"),
        (ids[2], "not_found"),
        (ids[3], "done"),
    ]
    assert body["results"][1]["code"] == "system_channel"
    assert not EntryPoint.objects.filter(pk__in=[c.pk for c in channels], active=True).exists()


def test_preview_changes_nothing(api, org):
    channel = make_entry_point(org, name="Stays_On")
    body = api.post(
        URL, {"action": "deactivate", "ids": [str(channel.pk)], "preview": True}, format="json"
    ).json()
    assert body["preview"] is True and body["results"][0]["status"] == "done"
    channel.refresh_from_db()
    assert channel.active


def test_delete_refuses_a_channel_with_numbers_unless_releasing_them(api, org):
    channel = make_entry_point(org, channel_type="inbound_telephony", name="Hotline")
    number = make_number(org)
    entry_point_update(entry_point=channel, version=channel.version, support_numbers=[number])
    entry_point_deactivate(entry_point=channel)
    body = {"action": "delete", "ids": [str(channel.pk)]}

    refused = api.post(URL, body, format="json").json()["results"][0]
    assert (refused["status"], refused["code"]) == ("refused", "channel_has_numbers")
    assert "Release them to delete the channel" in refused["detail"]

    done = api.post(URL, {**body, "release_numbers": True}, format="json").json()["results"][0]
    assert done["status"] == "done"
    assert not EntryPoint.objects.filter(pk=channel.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": []}, "action"),
        ({"action": "explode", "ids": [str(uuid.uuid4())]}, "action"),
        ({"action": "deactivate", "ids": []}, "ids"),
        ({"action": "deactivate", "ids": ["nope"]}, "ids"),
        ({"action": "deactivate", "ids": [False]}, "ids"),
        ({"action": "deactivate", "ids": [0]}, "ids"),
        ({"action": "deactivate", "ids": "all"}, "ids"),
        ({"action": "deactivate", "ids": [str(uuid.uuid4())], "preview": "yes"}, "preview"),
        ({"action": "delete", "ids": [str(uuid.uuid4())], "release_numbers": 1}, "release_numbers"),
    ],
)
def test_bad_bodies_are_field_errors(api, body, field):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_more_ids_than_the_limit_are_refused(api, settings):
    settings.BULK_MAX_ROWS = 3
    response = api.post(
        URL, {"action": "activate", "ids": [str(uuid.uuid4()) for _ in range(4)]}, format="json"
    )
    assert response.status_code == 400
    assert "at most 3 rows" in response.json()["ids"][0]


@pytest.mark.parametrize("caller", ["viewer_api", "read_only_api"])
def test_a_viewer_or_a_read_only_token_is_refused(request, caller, org):
    channel = make_entry_point(org)
    client = request.getfixturevalue(caller)
    response = client.post(URL, {"action": "deactivate", "ids": [str(channel.pk)]}, format="json")
    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.active


def test_another_organizations_ids_are_not_found(api, other_org):
    theirs = make_entry_point(other_org)
    body = api.post(URL, {"action": "deactivate", "ids": [str(theirs.pk)]}, format="json").json()
    assert body["results"][0]["status"] == "not_found" and body["results"][0]["name"] == ""
    theirs.refresh_from_db()
    assert theirs.active


def test_numbers_bulk_delete(api, org):
    free = make_number(org)
    body = api.post(
        "/api/v1/support-numbers/bulk/", {"action": "delete", "ids": [str(free.pk)]}, format="json"
    ).json()
    assert body["results"][0]["status"] == "done"
