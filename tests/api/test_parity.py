"""Parity: the same invalid input gets, through the API, the very message the service raises.

The console's forms call the same services, so the API and the console agree by construction;
these tests pin it for the rules a user meets most.
"""

import pytest
from django.core.exceptions import ValidationError

from channels.services import entry_point_create, entry_point_update
from flows.services import business_hours_create, holiday_list_create
from queues.services import queue_create
from support_numbers.services import support_number_create
from tests.factories import make_entry_point, make_flow, make_outbound_queue, make_queue, make_strategy


def service_errors(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def api_errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()


CHANNEL = {"channel_type": "chat", "service_level_threshold": 30}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "Sales team"}, "name"),  # a space
        ({"name": "Salg/Øst"}, "name"),  # characters outside A–Z
        ({"name": "x" * 81}, "name"),
        (
            {"name": "Mail_1", "channel_type": "email", "service_level_threshold": 1_209_601},
            "service_level_threshold",
        ),
        ({"name": "Chat_1", "service_level_threshold": 86_401}, "service_level_threshold"),
        ({"name": "Chat_2", "service_level_threshold": 0}, "service_level_threshold"),
        ({"name": "Social_1", "channel_type": "social"}, "social_channel_type"),
        ({"name": "Chat_3", "social_channel_type": "sms"}, "social_channel_type"),
        ({"name": "Chat_4", "timezone": "Mars/Olympus"}, "timezone"),
        ({"name": "Chat_5", "description": "d" * 256}, "description"),
    ],
)
def test_channel_field_rules(api, org, fields, field):
    flow = make_flow(org)
    data = {**CHANNEL, "flow": flow, **fields}
    expected = service_errors(lambda: entry_point_create(organization=org, **data))
    body = {**data, "flow": str(flow.pk)}
    got = api_errors(api.post("/api/v1/entry-points/", body, format="json"))
    assert got[field] == expected[field]


def test_inbound_channels_refuse_a_routing_strategy(api, org):
    strategy = make_strategy(org, name="Old_routing")
    data = {**CHANNEL, "name": "Chat_s", "flow": strategy}
    expected = service_errors(lambda: entry_point_create(organization=org, **data))
    got = api_errors(api.post("/api/v1/entry-points/", {**data, "flow": str(strategy.pk)}, format="json"))
    assert (
        got["flow"]
        == expected["flow"]
        == ["Inbound channels can only use flows; “Old_routing” is a legacy routing strategy."]
    )


def test_a_routing_strategy_allows_no_outdial_queue(api, org):
    strategy = make_strategy(org)
    queue = make_outbound_queue(org)
    data = {
        "name": "Out_s",
        "channel_type": "outbound_telephony",
        "service_level_threshold": 30,
        "flow": strategy,
        "outdial_queue": queue,
    }
    expected = service_errors(lambda: entry_point_create(organization=org, **data))
    body = {**data, "flow": str(strategy.pk), "outdial_queue": str(queue.pk)}
    got = api_errors(api.post("/api/v1/entry-points/", body, format="json"))
    assert (
        got["outdial_queue"]
        == expected["outdial_queue"]
        == ["A routing strategy doesn't allow customizing music or the outdial queue; use a flow"]
    )


def test_names_clash_without_regard_to_case(api, org):
    make_entry_point(org, "chat", name="Support")
    flow = make_flow(org)
    data = {**CHANNEL, "name": "SUPPORT", "flow": flow}
    expected = service_errors(lambda: entry_point_create(organization=org, **data))
    got = api_errors(api.post("/api/v1/entry-points/", {**data, "flow": str(flow.pk)}, format="json"))
    assert got["name"] == expected["name"]
    assert "names are compared without regard to case" in got["name"][0]


def test_the_channel_type_is_fixed(api, org):
    channel = make_entry_point(org, "chat")
    expected = service_errors(
        lambda: entry_point_update(entry_point=channel, version=None, channel_type="social")
    )
    got = api_errors(
        api.patch(f"/api/v1/entry-points/{channel.pk}/", {"channel_type": "social"}, format="json")
    )
    assert got == expected


def test_an_invalid_choice_reads_like_the_model(api, org):
    flow = make_flow(org)
    data = {**CHANNEL, "name": "Chat_c", "channel_type": "fax", "flow": flow}
    expected = service_errors(lambda: entry_point_create(organization=org, **data))
    got = api_errors(api.post("/api/v1/entry-points/", {**data, "flow": str(flow.pk)}, format="json"))
    assert got["channel_type"] == expected["channel_type"] == ["Value 'fax' is not a valid choice."]


def test_queue_rules(api, org):
    data = {
        "name": "Out_chat",
        "queue_type": "outbound",
        "channel_type": "chat",
        "service_level_threshold": 30,
        "max_time_in_queue": 1_300_000,
    }
    expected = service_errors(lambda: queue_create(organization=org, **data))
    got = api_errors(api.post("/api/v1/queues/", data, format="json"))
    assert got["channel_type"] == expected["channel_type"] == ["Outbound queues are telephony only."]
    assert got["max_time_in_queue"] == expected["max_time_in_queue"]


# Rows: the service names the row in each message (as the admin shows it); the API puts the same
# message under the row's index and field, in DRF's shape for a nested list, as the console puts it
# beside the field in the row.


def test_a_row_the_rules_refuse_is_reported_under_its_index(api, org):
    shifts = [
        {"name": "Day", "weekdays": ["mon", "tue"], "start_minute": 540, "end_minute": 1020},
        {"name": "Evening", "weekdays": ["tue"], "start_minute": 960, "end_minute": 1320},
        {"name": "Bad", "weekdays": ["noday"], "start_minute": 1500, "end_minute": 10},
    ]
    expected = service_errors(lambda: business_hours_create(organization=org, name="Hours", shifts=shifts))
    got = api_errors(api.post("/api/v1/business-hours/", {"name": "Hours", "shifts": shifts}, format="json"))
    weekday = "Unknown weekday noday; use mon, tue, wed, thu, fri, sat or sun."
    time = "Enter a time between 00:00 and 23:59."
    assert expected["shifts"] == [
        f"Shift “Bad”: weekdays: {weekday}",
        f"Shift “Bad”: start (minutes after midnight): {time}",
    ]
    # The overlap of the first two is judged once every row is valid, as in the console.
    assert got == {"shifts": {"2": {"weekdays": [weekday], "start_minute": [time]}}}


def test_overlap_names_both_shifts_in_both_rows(api, org):
    shifts = [
        {"name": "Day", "weekdays": ["mon", "tue"], "start_minute": 540, "end_minute": 1020},
        {"name": "Evening", "weekdays": ["tue"], "start_minute": 960, "end_minute": 1320},
    ]
    expected = service_errors(lambda: business_hours_create(organization=org, name="Hours", shifts=shifts))
    got = api_errors(api.post("/api/v1/business-hours/", {"name": "Hours", "shifts": shifts}, format="json"))
    message = "Shift “Day” (09:00–17:00) overlaps shift “Evening” (16:00–22:00) on Tuesday."
    assert expected == {"shifts": [message]}
    assert got == {"shifts": {"0": {"non_field_errors": [message]}, "1": {"non_field_errors": [message]}}}


def test_an_overnight_overlap_names_the_day_the_clash_happens_in_both_rows(api, org):
    shifts = [
        {"name": "Late", "weekdays": ["fri"], "start_minute": 1320, "end_minute": 120},
        {"name": "Wednesday", "weekdays": ["wed"], "start_minute": 60, "end_minute": 300},
        {"name": "Early", "weekdays": ["sat"], "start_minute": 60, "end_minute": 300},
    ]
    expected = service_errors(lambda: business_hours_create(organization=org, name="Hours", shifts=shifts))
    got = api_errors(api.post("/api/v1/business-hours/", {"name": "Hours", "shifts": shifts}, format="json"))
    message = "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday."
    assert expected == {"shifts": [message]}
    # The rows that clash, by their place in the array; the row between them has no error.
    assert got == {"shifts": {"0": {"non_field_errors": [message]}, "2": {"non_field_errors": [message]}}}


def test_a_row_in_two_overlaps_lists_both(api, org):
    shifts = [
        {"name": "All day", "weekdays": ["mon"], "start_minute": 0, "end_minute": 0},
        {"name": "Morning", "weekdays": ["mon"], "start_minute": 480, "end_minute": 720},
        {"name": "Evening", "weekdays": ["mon"], "start_minute": 1020, "end_minute": 1200},
    ]
    got = api_errors(api.post("/api/v1/business-hours/", {"name": "Hours", "shifts": shifts}, format="json"))
    morning = "Shift “All day” (00:00–00:00) overlaps shift “Morning” (08:00–12:00) on Monday."
    evening = "Shift “All day” (00:00–00:00) overlaps shift “Evening” (17:00–20:00) on Monday."
    assert got == {
        "shifts": {
            "0": {"non_field_errors": [morning, evening]},
            "1": {"non_field_errors": [morning]},
            "2": {"non_field_errors": [evening]},
        }
    }


@pytest.mark.parametrize(
    ("path", "field", "rows"),
    [
        (
            "/api/v1/business-hours/",
            "shifts",
            [
                {"name": "Day", "weekdays": ["mon"], "start_minute": 540, "end_minute": 1020},
                {"name": "Evening", "weekdays": ["tue"], "start_minute": 960, "end_minute": 1320},
                {"name": "day", "weekdays": ["wed"], "start_minute": 540, "end_minute": 1020},
            ],
        ),
        (
            "/api/v1/holiday-lists/",
            "holidays",
            [
                {"name": "Day", "start_date": "2026-12-24", "end_date": "2026-12-24"},
                {"name": "Evening", "start_date": "2026-12-25", "end_date": "2026-12-25"},
                {"name": "DAY ", "start_date": "2026-12-26", "end_date": "2026-12-26"},
            ],
        ),
    ],
    ids=["shifts", "holidays"],
)
def test_a_name_given_twice_is_named_beside_both_rows_names(api, org, path, field, rows):
    got = api_errors(api.post(path, {"name": "Twice", field: rows}, format="json"))
    message = "Two rows are named “day”; give each a different name."
    # The rows that share it, by their place in the array; the row between them has no error.
    assert got == {field: {"0": {"name": [message]}, "2": {"name": [message]}}}


def test_a_schedule_needs_a_shift(api, org):
    expected = service_errors(lambda: business_hours_create(organization=org, name="Empty", shifts=[]))
    got = api_errors(api.post("/api/v1/business-hours/", {"name": "Empty", "shifts": []}, format="json"))
    message = "A schedule needs at least one shift."
    assert expected == {"shifts": [message]}
    # An error about the list as a whole: `non_field_errors` of the list, as DRF reports "not a list".
    assert got == {"shifts": {"non_field_errors": [message]}}


def test_the_parent_is_judged_beside_its_rows(api, org):
    shifts = [{"name": "Day", "weekdays": ["mon"], "start_minute": 540, "end_minute": 1500}]
    body = {"name": "Two  spaces", "shifts": shifts}
    expected = service_errors(lambda: business_hours_create(organization=org, **body))
    got = api_errors(api.post("/api/v1/business-hours/", body, format="json"))
    assert got["name"] == expected["name"]
    assert got["shifts"] == {"0": {"end_minute": ["Enter a time between 00:00 and 23:59."]}}


def test_holiday_dates(api, org):
    holidays = [
        {"name": "Fine", "start_date": "2025-12-24", "end_date": "2025-12-26", "repeats_yearly": False},
        {"name": "Backwards", "start_date": "2025-12-26", "end_date": "2025-12-24", "repeats_yearly": False},
    ]
    expected = service_errors(lambda: holiday_list_create(organization=org, name="Days", holidays=holidays))
    got = api_errors(
        api.post("/api/v1/holiday-lists/", {"name": "Days", "holidays": holidays}, format="json")
    )
    message = "The end date cannot be before the start date."
    assert expected == {"holidays": [f"Holiday “Backwards”: end date: {message}"]}
    assert got == {"holidays": {"1": {"end_date": [message]}}}


@pytest.mark.parametrize("number", ["33 12 34 56", "+45 1234", "+999 123"])
def test_support_number_rules(api, org, number):
    expected = service_errors(lambda: support_number_create(organization=org, number=number))
    got = api_errors(api.post("/api/v1/support-numbers/", {"number": number}, format="json"))
    assert got["number"] == expected["number"]


def test_a_music_file_of_another_kind_of_queue(api, org):
    queue = make_queue(org, channel_type="email")
    from audio.services import audio_file_create
    from tests.factories import wav_upload

    music = audio_file_create(organization=org, name="m.wav", file=wav_upload())
    from queues.services import queue_update

    expected = service_errors(lambda: queue_update(queue=queue, version=None, music_in_queue=music))
    got = api_errors(
        api.patch(f"/api/v1/queues/{queue.pk}/", {"music_in_queue": str(music.pk)}, format="json")
    )
    assert got["music_in_queue"] == expected["music_in_queue"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 81, "The name can be at most 80 characters long (it has 81)."),
        ("Sales team", "remove space"),
        ("TAKEN", "already used in your organization"),
    ],
)
def test_one_request_reports_every_mistake_at_once(api, org, name, message):
    """A value that does not parse doesn't hide the model's rules on the values that did."""
    make_entry_point(org, name="taken")
    body = {
        "name": name,
        "channel_type": "chat",
        "service_level_threshold": "thirty",
        "timezone": "Mars/Olympus",
        "flow": str(make_flow(org).pk),
    }
    got = api_errors(api.post("/api/v1/entry-points/", body, format="json"))
    assert got["service_level_threshold"] == ["A valid integer is required."]
    assert message in got["name"][0]
    assert "not a known IANA time zone" in got["timezone"][0]
    assert "flow" not in got and "description" not in got  # valid or not sent: nothing to say


def test_a_partial_update_with_a_bad_value_checks_only_what_was_sent(api, org):
    channel = make_entry_point(org, name="Chat_p")
    body = {"name": "has space", "service_level_threshold": "soon"}
    got = api_errors(api.patch(f"/api/v1/entry-points/{channel.pk}/", body, format="json"))
    assert set(got) == {"name", "service_level_threshold"}
    assert "remove space" in got["name"][0]
    channel.refresh_from_db()
    assert channel.name == "Chat_p" and channel.version == 1


def test_a_time_zone_in_any_case_is_accepted_and_answered_in_its_iana_spelling(api, org):
    body = {
        "name": "Zoned",
        "channel_type": "chat",
        "timezone": "europe/copenhagen",
        "service_level_threshold": 30,
        "flow": str(make_flow(org).pk),
    }
    created = api.post("/api/v1/entry-points/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["timezone"] == "Europe/Copenhagen"
    changed = api.patch(created["Location"], {"timezone": "asia/TOKYO"}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["timezone"] == "Asia/Tokyo"
    refused = api.patch(created["Location"], {"timezone": "europe/copenhagn"}, format="json")
    assert refused.status_code == 400
    assert "“europe/copenhagn” is not a known IANA time zone" in refused.json()["timezone"][0]
