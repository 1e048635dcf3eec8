"""Each resource end to end through the API: the services' behaviour, seen from a client."""

from audio.models import AudioFile
from channels.models import EntryPoint
from support_numbers.models import SupportNumber
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_number,
    make_outbound_queue,
    wav_bytes,
    wav_upload,
)


def test_an_inbound_telephony_channel_with_numbers(api, org):
    flow = make_flow(org)
    numbers = [make_number(org), make_number(org)]
    response = api.post(
        "/api/v1/entry-points/",
        {
            "name": "Hotline",
            "channel_type": "inbound_telephony",
            "service_level_threshold": 20,
            "flow": str(flow.pk),
            "support_numbers": [str(n.pk) for n in numbers],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["direction"] == "inbound"
    assert body["timezone"] == "Europe/Copenhagen"  # the organization's
    assert body["active"] is True
    assert sorted(body["support_numbers"]) == sorted(str(n.pk) for n in numbers)
    channel = EntryPoint.objects.get(pk=body["id"])
    assert set(channel.support_numbers.all()) == set(numbers)

    # Writing the list assigns and releases to match it.
    keep = numbers[0]
    patched = api.patch(
        f"/api/v1/entry-points/{channel.pk}/", {"support_numbers": [str(keep.pk)]}, format="json"
    )
    assert patched.json()["support_numbers"] == [str(keep.pk)]
    assert SupportNumber.objects.get(pk=numbers[1].pk).entry_point_id is None


def test_a_number_of_another_channel_is_refused_with_the_service_message(api, org):
    number = make_number(org, "+45 33 99 88 77")
    make_entry_point(org, "inbound_telephony", name="First", support_numbers=[number])
    second = make_entry_point(org, "inbound_telephony", name="Second")
    response = api.patch(
        f"/api/v1/entry-points/{second.pk}/", {"support_numbers": [str(number.pk)]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"support_numbers": ["+45 33 99 88 77 is already assigned to channel “First”."]}


def test_activation_is_a_patch_of_active(api, org):
    channel = make_entry_point(org, "email")
    url = f"/api/v1/entry-points/{channel.pk}/"
    off = api.patch(url, {"active": False, "description": "paused"}, format="json")
    assert off.status_code == 200
    assert (off.json()["active"], off.json()["description"]) == (False, "paused")
    on = api.patch(url, {"active": True}, format="json", HTTP_IF_MATCH=off["ETag"])
    assert on.status_code == 200
    assert on.json()["active"] is True
    channel.refresh_from_db()
    assert channel.active is True


def test_a_refused_change_with_active_changes_nothing(api, org):
    channel = make_entry_point(org, "chat")
    response = api.patch(
        f"/api/v1/entry-points/{channel.pk}/", {"active": False, "service_level_threshold": 0}, format="json"
    )
    assert response.status_code == 400
    channel.refresh_from_db()
    assert channel.active is True


def test_a_channel_created_inactive(api, org):
    response = api.post(
        "/api/v1/entry-points/",
        {
            "name": "Later",
            "channel_type": "chat",
            "service_level_threshold": 60,
            "flow": str(make_flow(org).pk),
            "active": False,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["active"] is False


def test_an_outbound_channel(api, org):
    queue = make_outbound_queue(org)
    music = make_audio(org)
    response = api.post(
        "/api/v1/entry-points/",
        {
            "name": "Callback",
            "channel_type": "outbound_telephony",
            "service_level_threshold": 20,
            "flow": str(make_flow(org).pk),
            "outdial_queue": str(queue.pk),
            "music_on_hold": str(music.pk),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["direction"] == "outbound"


def test_business_hours_save_their_shifts_whole(api, org):
    response = api.post(
        "/api/v1/business-hours/",
        {
            "name": "Office hours",
            "shifts": [
                {"name": "Morning", "weekdays": ["mon", "tue"], "start_minute": 480, "end_minute": 720},
                {"name": "Night", "weekdays": ["fri"], "start_minute": 1320, "end_minute": 120},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    shifts = response.json()["shifts"]
    assert [s["name"] for s in shifts] == ["Morning", "Night"]
    url = f"/api/v1/business-hours/{response.json()['id']}/"
    replaced = api.patch(
        url,
        {"shifts": [{"name": "All day", "weekdays": ["sat"], "start_minute": 0, "end_minute": 0}]},
        format="json",
    )
    assert [s["name"] for s in replaced.json()["shifts"]] == ["All day"]
    # Without `shifts`, a change leaves them alone.
    renamed = api.patch(url, {"name": "Weekend"}, format="json")
    assert [s["name"] for s in renamed.json()["shifts"]] == ["All day"]


def test_shifts_keep_the_order_of_the_array(api, org):
    shifts = [
        {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
        {"name": "Night", "weekdays": ["fri"], "start_minute": 1320, "end_minute": 120},
        {"name": "Morning", "weekdays": ["mon", "tue"], "start_minute": 480, "end_minute": 720},
    ]
    response = api.post("/api/v1/business-hours/", {"name": "Typed", "shifts": shifts}, format="json")
    assert response.status_code == 201, response.content
    order = ["Saturday", "Night", "Morning"]  # neither by start, nor by name, nor by weekday
    assert [s["name"] for s in response.json()["shifts"]] == order
    url = f"/api/v1/business-hours/{response.json()['id']}/"
    assert [s["name"] for s in api.get(url).json()["shifts"]] == order
    listed = api.get("/api/v1/business-hours/").json()["results"]
    assert [[s["name"] for s in row["shifts"]] for row in listed] == [order]
    assert "position" not in response.json()["shifts"][0]  # the array's order is the contract


def test_holidays_and_overrides_round_trip(api, org):
    holidays = api.post(
        "/api/v1/holiday-lists/",
        {
            "name": "Danish holidays",
            "holidays": [
                {
                    "name": "Christmas",
                    "start_date": "2025-12-24",
                    "end_date": "2025-12-26",
                    "repeats_yearly": True,
                }
            ],
        },
        format="json",
    )
    assert holidays.status_code == 201, holidays.content
    assert holidays.json()["holidays"][0]["end_date"] == "2025-12-26"
    overrides = api.post(
        "/api/v1/override-lists/",
        {
            "name": "Emergencies",
            "overrides": [
                {"name": "Storm", "start": "2025-03-30T01:30", "end": "2025-03-30T04:00", "state": "closed"}
            ],
        },
        format="json",
    )
    assert overrides.status_code == 201, overrides.content
    row = overrides.json()["overrides"][0]
    # Local wall-clock time, kept as written even across the DST change.
    assert (row["start"], row["end"]) == ("2025-03-30T01:30:00", "2025-03-30T04:00:00")
    hours = api.post(
        "/api/v1/business-hours/",
        {
            "name": "With lists",
            "holiday_list": holidays.json()["id"],
            "override_list": overrides.json()["id"],
            "shifts": [{"name": "Day", "weekdays": ["mon"], "start_minute": 540, "end_minute": 1020}],
        },
        format="json",
    )
    assert hours.status_code == 201, hours.content
    refs = api.get(f"/api/v1/holiday-lists/{holidays.json()['id']}/references/").json()
    assert refs["results"][0]["name"] == "With lists"


def test_flows_say_whether_they_are_recommended(api, org):
    hours = make_business_hours(org)
    with_hours = api.post(
        "/api/v1/flows/", {"name": "Open_hours", "business_hours": str(hours.pk)}, format="json"
    )
    plain = api.post("/api/v1/flows/", {"name": "Plain"}, format="json")
    assert with_hours.json()["recommended"] is True
    assert plain.json()["recommended"] is False
    listed = api.get("/api/v1/flows/?recommended=true").json()["results"]
    assert [flow["name"] for flow in listed] == ["Open_hours"]


def test_support_numbers_are_stored_in_e164_and_assigned_by_entry_point(api, org):
    channel = make_entry_point(org, "inbound_telephony", name="Sales")
    created = api.post(
        "/api/v1/support-numbers/",
        {"number": "0045 33 12 34 56", "entry_point": str(channel.pk)},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["number"], body["international"], body["country_code"]) == (
        "+4533123456",
        "+45 33 12 34 56",
        "DK",
    )
    assert body["entry_point"] == str(channel.pk)
    url = f"/api/v1/support-numbers/{body['id']}/"
    released = api.patch(url, {"entry_point": None}, format="json")
    assert released.json()["entry_point"] is None
    chat = make_entry_point(org, "chat", name="Chat_one")
    refused = api.patch(url, {"entry_point": str(chat.pk)}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "entry_point": [
            "Support numbers can only be assigned to inbound telephony channels or to the system channel; "
            "“Chat_one” is a chat channel."
        ]
    }
    duplicate = api.post("/api/v1/support-numbers/", {"number": "+45 33 12 34 56"}, format="json")
    assert duplicate.json() == {"number": ["This number is already registered."]}
    assert api.get("/api/v1/support-numbers/?assigned=false").json()["count"] == 1


def test_audio_upload_and_download(api, viewer_api, outsider_api, anonymous_api, org):
    created = api.post(
        "/api/v1/audio-files/",
        {"name": "Hold music.wav", "file": wav_upload(seconds=0.5)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["size"] == len(wav_bytes(0.5))
    assert abs(body["duration_seconds"] - 0.5) < 0.01
    assert "file" not in body
    download = body["download_url"]
    assert download.endswith(f"/api/v1/audio-files/{body['id']}/download/")
    for client, status in ((api, 200), (viewer_api, 200), (outsider_api, 404), (anonymous_api, 401)):
        response = client.get(download)
        assert response.status_code == status
    response = viewer_api.get(download)
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content) == wav_bytes(0.5)
    renamed = api.patch(f"/api/v1/audio-files/{body['id']}/", {"name": "Jingle.wav"}, format="json")
    assert renamed.json()["name"] == "Jingle.wav"
    assert api.delete(f"/api/v1/audio-files/{body['id']}/").status_code == 204
    assert not AudioFile.objects.filter(pk=body["id"]).exists()
