"""Guards answer 409 with the service's own body; preconditions 412; every other error its status."""

import json

import pytest

from audio.models import AudioFile
from channels.models import EntryPoint
from channels.services import entry_point_deactivate
from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_flow, make_number, make_queue


def test_an_active_channel_cannot_be_deleted(api, org):
    channel = make_entry_point(org, "chat", name="Web_chat")
    response = api.delete(f"/api/v1/entry-points/{channel.pk}/")
    assert response.status_code == 409
    assert response.json() == {
        "code": "channel_active",
        "detail": "“Web_chat” is active. Deactivate it before deleting it.",
    }
    assert EntryPoint.objects.filter(pk=channel.pk).exists()


def test_a_channel_with_numbers_is_deleted_only_when_releasing_them(api, org):
    first, second = make_number(org, "+45 33 11 22 33"), make_number(org, "+45 33 11 22 44")
    channel = make_entry_point(org, "inbound_telephony", name="Hotline", support_numbers=[first, second])
    entry_point_deactivate(entry_point=channel)

    refused = api.delete(f"/api/v1/entry-points/{channel.pk}/")
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "channel_has_numbers"
    assert body["numbers"] == ["+4533112233", "+4533112244"]
    assert "Release them to delete the channel" in body["detail"]
    assert EntryPoint.objects.filter(pk=channel.pk).exists()

    assert api.delete(f"/api/v1/entry-points/{channel.pk}/?release_numbers=nope").status_code == 400
    done = api.delete(f"/api/v1/entry-points/{channel.pk}/?release_numbers=true")
    assert done.status_code == 204
    assert not EntryPoint.objects.filter(pk=channel.pk).exists()
    assert set(
        SupportNumber.objects.filter(pk__in=[first.pk, second.pk]).values_list("entry_point", flat=True)
    ) == {None}


def test_an_object_in_use_cannot_be_deleted_and_its_referrers_are_listed(api, org):
    queue = make_queue(org, name="Support")
    flow = make_flow(org, name="Main", queue=queue)
    references = api.get(f"/api/v1/queues/{queue.pk}/references/")
    assert references.status_code == 200
    assert references.json() == {
        "count": 1,
        "results": [{"type": "flow", "kind": "flow", "id": str(flow.pk), "name": "Main"}],
    }
    response = api.delete(f"/api/v1/queues/{queue.pk}/")
    assert response.status_code == 409
    assert response.json() == {
        "code": "referenced",
        "detail": "“Support” cannot be deleted because it is used by 1 object: flow “Main”.",
        "referrers": [{"type": "flow", "kind": "flow", "id": str(flow.pk), "name": "Main"}],
    }


def test_an_assigned_number_cannot_be_deleted(api, org):
    number = make_number(org)
    channel = make_entry_point(org, "inbound_telephony", support_numbers=[number])
    response = api.delete(f"/api/v1/support-numbers/{number.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "referenced"
    assert response.json()["referrers"][0]["id"] == str(channel.pk)


@pytest.mark.parametrize(
    ("method", "body", "fragment"),
    [
        ("delete", None, "cannot be deleted"),
        ("patch", {"active": False}, "cannot be deactivated"),
        ("patch", {"name": "Renamed"}, "cannot be renamed"),
    ],
)
def test_the_system_channel_is_protected(api, org, method, body, fragment):
    system = EntryPoint.objects.get(organization=org, is_system=True)
    response = getattr(api, method)(f"/api/v1/entry-points/{system.pk}/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "system_channel"
    assert fragment in response.json()["detail"]
    fresh = EntryPoint.objects.get(pk=system.pk)
    assert (fresh.name, fresh.active, fresh.version) == (system.name, True, system.version)


def test_the_system_channel_keeps_nothing_of_a_refused_mixed_change(api, org):
    system = EntryPoint.objects.get(organization=org, is_system=True)
    response = api.patch(
        f"/api/v1/entry-points/{system.pk}/", {"description": "new", "active": False}, format="json"
    )
    assert response.status_code == 409
    assert EntryPoint.objects.get(pk=system.pk).description == system.description


def test_the_channel_type_cannot_be_changed(api, org):
    channel = make_entry_point(org, "chat")
    response = api.patch(f"/api/v1/entry-points/{channel.pk}/", {"channel_type": "email"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "channel_type": ["The channel type cannot be changed after the channel is created."]
    }


def test_a_stale_version_in_the_body_is_a_version_conflict(api, org):
    queue = make_queue(org)
    api.patch(f"/api/v1/queues/{queue.pk}/", {"description": "first"}, format="json")
    response = api.patch(
        f"/api/v1/queues/{queue.pk}/", {"description": "second", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert "Someone else changed or deleted this queue" in response.json()["detail"]
    queue.refresh_from_db()
    assert (queue.description, queue.version) == ("first", 2)


def test_a_current_version_in_the_body_is_accepted(api, org):
    queue = make_queue(org)
    response = api.patch(f"/api/v1/queues/{queue.pk}/", {"description": "x", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_a_malformed_version_is_a_400(api, org):
    queue = make_queue(org)
    response = api.patch(f"/api/v1/queues/{queue.pk}/", {"version": "abc"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"version": ["A valid integer is required."]}


def test_every_single_object_response_carries_the_etag(api, org):
    queue = make_queue(org)
    assert api.get(f"/api/v1/queues/{queue.pk}/")["ETag"] == '"1"'
    assert api.patch(f"/api/v1/queues/{queue.pk}/", {"description": "x"}, format="json")["ETag"] == '"2"'
    data = {"name": "Q_put", "service_level_threshold": 20, "max_time_in_queue": 100}
    assert api.put(f"/api/v1/queues/{queue.pk}/", data, format="json")["ETag"] == '"3"'
    created = api.post("/api/v1/queues/", {**data, "name": "Q_new"}, format="json")
    assert created["ETag"] == '"1"'
    assert created["Location"].endswith(f"/api/v1/queues/{created.json()['id']}/")
    assert "ETag" not in api.get("/api/v1/queues/")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_must_match_the_current_etag(api, org, method):
    queue = make_queue(org)
    api.patch(f"/api/v1/queues/{queue.pk}/", {"description": "moved on"}, format="json")
    body = {"name": queue.name, "service_level_threshold": 30, "max_time_in_queue": 600}
    stale = getattr(api, method)(f"/api/v1/queues/{queue.pk}/", body, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    queue.refresh_from_db()
    assert queue.version == 2
    fresh = getattr(api, method)(f"/api/v1/queues/{queue.pk}/", body, format="json", HTTP_IF_MATCH='"2"')
    assert fresh.status_code in (200, 204)


def test_if_match_accepts_a_list_and_a_star(api, org):
    queue = make_queue(org)
    url = f"/api/v1/queues/{queue.pk}/"
    assert api.patch(url, {"description": "a"}, format="json", HTTP_IF_MATCH='"7", W/"1"').status_code == 200
    assert api.patch(url, {"description": "b"}, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_a_body_that_is_not_json_is_415(api, org):
    response = api.post("/api/v1/queues/", "name=Q", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    audio = api.post("/api/v1/audio-files/", "<wav/>", content_type="text/xml")
    assert audio.status_code == 415


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/queues/", '{"name": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("method", "url"),
    [("delete", "/api/v1/queues/"), ("put", "/api/v1/flows/"), ("post", "/api/v1/queues/{id}/references/")],
)
def test_a_method_the_url_does_not_allow_is_405_with_allow(api, org, method, url):
    queue = make_queue(org)
    response = getattr(api, method)(url.format(id=queue.pk))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    assert method.upper() not in response["Allow"]


def test_past_the_rate_limit_the_answer_is_429_with_retry_after(api, settings):
    settings.API_RATE_LIMIT = "3/minute"
    statuses = [api.get("/api/v1/queues/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/queues/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "throttled"


def test_the_rate_limit_counts_per_token(api, read_only_api, settings):
    settings.API_RATE_LIMIT = "2/minute"
    assert [api.get("/api/v1/flows/").status_code for _ in range(3)] == [200, 200, 429]
    assert read_only_api.get("/api/v1/flows/").status_code == 200


def test_an_unknown_path_under_the_api_is_a_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_an_unknown_query_parameter_is_refused(api):
    response = api.get("/api/v1/entry-points/?channel_typ=chat")
    assert response.status_code == 400
    assert response.json() == {"channel_typ": ["Unknown query parameter."]}


@pytest.mark.parametrize(
    "query",
    [
        "active=yes",
        "channel_type=fax",
        "flow=not-a-uuid",
        "page_size=0",
        "page_size=abc",
        "active=",
        "search=%00",
    ],
)
def test_a_malformed_filter_is_400(api, query):
    response = api.get(f"/api/v1/entry-points/?{query}")
    assert response.status_code == 400, response.content


def test_an_impossible_page_is_404(api):
    response = api.get("/api/v1/queues/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


JUNK_BODIES = [
    [],
    "a string",
    42,
    {"name": ["a", "list"], "service_level_threshold": "thirty", "max_time_in_queue": 1.5},
    {
        "name": "x" * 100_000,
        "description": "y" * 100_000,
        "service_level_threshold": 10**30,
        "max_time_in_queue": -1,
    },
    {"name": "Q\x00", "description": "\ud800", "music_in_queue": 12, "active": "yes"},
    {"name": "Q_ok", "service_level_threshold": True, "max_time_in_queue": None, "queue_type": {"a": 1}},
    {"name": "Q_ok", "service_level_threshold": 30, "max_time_in_queue": 30, "music_in_queue": "not-a-uuid"},
]


@pytest.mark.parametrize("body", JUNK_BODIES)
def test_junk_is_a_400_never_a_500(api, org, body):
    queue = make_queue(org)
    raw = json.dumps(body)  # escaped like any real client (the test renderer cannot encode "\ud800")
    for response in (
        api.post("/api/v1/queues/", raw, content_type="application/json"),
        api.put(f"/api/v1/queues/{queue.pk}/", raw, content_type="application/json"),
        api.patch(f"/api/v1/queues/{queue.pk}/", raw, content_type="application/json"),
    ):
        assert response.status_code == 400, response.content
        assert isinstance(response.json(), dict)


def test_junk_in_nested_rows_is_reported_row_by_row(api):
    body = {
        "name": "Hours",
        "shifts": [
            {"name": "Early", "weekdays": "mon", "start_minute": "nine", "end_minute": 600},
            "not a row",
            {"name": "Late", "weekdays": [["mon"]], "start_minute": 1, "end_minute": 2},
        ],
    }
    response = api.post("/api/v1/business-hours/", body, format="json")
    assert response.status_code == 400
    # DRF's shape for a nested list: each row's errors under its index, the rows without errors left out.
    assert response.json() == {
        "shifts": {
            "0": {
                "weekdays": ['Expected a list of items but got type "str".'],
                "start_minute": ["A valid integer is required."],
            },
            "1": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
            "2": {"weekdays": ["Item 1: Not a valid string."]},
        }
    }


@pytest.mark.parametrize(
    ("shifts", "expected"),
    [
        ([None], {"0": {"non_field_errors": ["This field may not be null."]}}),
        ("mon", {"non_field_errors": ['Expected a list of items but got type "str".']}),
        (None, {"non_field_errors": ["This field may not be null."]}),
    ],
    ids=["null row", "not a list", "null list"],
)
def test_a_nested_list_always_answers_in_one_shape(api, shifts, expected):
    # The list's errors under non_field_errors, a row's under its index: never a bare list of messages.
    response = api.post("/api/v1/business-hours/", {"name": "Hours", "shifts": shifts}, format="json")
    assert response.status_code == 400
    assert response.json() == {"shifts": expected}


def test_ids_of_another_organization_are_refused_like_unknown_ids(api, org, other_org):
    foreign_flow = make_flow(other_org)
    body = {"name": "Chat_x", "channel_type": "chat", "service_level_threshold": 30}
    foreign = api.post("/api/v1/entry-points/", {**body, "flow": str(foreign_flow.pk)}, format="json")
    unknown = api.post(
        "/api/v1/entry-points/", {**body, "flow": "00000000-0000-0000-0000-000000000000"}, format="json"
    )
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json() == unknown.json() == {"flow": ["Choose one of your organization's objects."]}


def test_an_audio_upload_that_is_not_wav_is_refused(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.wav", b"ID3 this is an mp3", content_type="audio/wav")
    response = api.post("/api/v1/audio-files/", {"name": "x.wav", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "file": ["This file is not a WAV file (it has no RIFF/WAVE header). Upload a .wav audio file."]
    }
    assert not AudioFile.objects.exists()


def test_a_services_errors_about_rows_are_answered_row_by_row_wherever_they_are_raised():
    # A restore of a version runs the services outside the resource's serializer: the error format is the
    # handler's, and it places an error about rows under each row, as a write through the serializer does.
    from django.core.exceptions import ValidationError

    from contactcenter.api.exceptions import api_exception_handler

    overlap = ValidationError("Shift “A” overlaps shift “B” on Monday.", params={"rows": (0, 2)})
    twice = ValidationError("Two rows are named “a”.", params={"rows": (0, 1), "field": "name"})
    row = ValidationError("x", params={"row": 1, "field": "end_minute", "message": "Enter a time."})
    error = ValidationError(
        {
            "shifts": [overlap, twice, row, ValidationError("A schedule needs at least one shift.")],
            "name": ["Taken."],
        }
    )
    response = api_exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "name": ["Taken."],
        "shifts": {
            0: {"non_field_errors": [overlap.messages[0]], "name": [twice.messages[0]]},
            1: {"name": [twice.messages[0]], "end_minute": ["Enter a time."]},
            2: {"non_field_errors": [overlap.messages[0]]},
            "non_field_errors": ["A schedule needs at least one shift."],
        },
    }
    # Errors about no row keep the flat form.
    assert api_exception_handler(ValidationError({"name": ["Taken."]}), {}).data == {"name": ["Taken."]}
