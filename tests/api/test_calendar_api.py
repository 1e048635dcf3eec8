"""GET /api/v1/entry-points/<id>/calendar/: open and closed intervals of a channel, and the clock changes."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels.services import entry_point_deactivate
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
NOW = datetime.datetime(2025, 10, 22, 10, 0, tzinfo=datetime.UTC)  # Wednesday, 12:00 in Copenhagen


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    clock = SimpleNamespace(now=lambda: NOW)
    for module in ("channels.selectors", "channels.views", "channels.calendar"):
        monkeypatch.setattr(f"{module}.timezone", clock)


@pytest.fixture
def hours(org):
    holidays = make_holiday_list(
        org,
        holidays=[
            {
                "name": "Christmas",
                "start_date": datetime.date(2025, 12, 24),
                "end_date": datetime.date(2025, 12, 26),
                "repeats_yearly": True,
            }
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": "Staff meeting",
                "start": datetime.datetime(2025, 10, 23, 13, 0),
                "end": datetime.datetime(2025, 10, 23, 14, 0),
                "state": "closed",
            }
        ],
    )
    return make_business_hours(
        org,
        name="Office",
        shifts=[{"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 540, "end_minute": 1020}],
        holiday_list=holidays,
        override_list=overrides,
    )


@pytest.fixture
def channel(org, hours):
    return make_entry_point(
        org, name="Chat_DK", flow=make_flow(org, business_hours=hours), timezone="Europe/Copenhagen"
    )


def path(channel) -> str:
    return f"/api/v1/entry-points/{channel.pk}/calendar/"


def compact(intervals) -> list[tuple]:
    return [(i["start"], i["end"], i["is_open"], i["rule_kind"], i["rule_name"]) for i in intervals]


def test_intervals_with_reasons_and_local_offsets(api, channel, hours):
    response = api.get(path(channel), {"start": "2025-10-23", "days": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["entry_point"] == str(channel.pk)
    assert body["timezone"] == "Europe/Copenhagen"
    assert (body["start"], body["days"]) == ("2025-10-23", 1)
    assert body["business_hours"] == {"id": str(hours.pk), "name": "Office"}
    assert compact(body["intervals"]) == [
        ("2025-10-23T00:00:00+02:00", "2025-10-23T09:00:00+02:00", False, "closed", ""),
        ("2025-10-23T09:00:00+02:00", "2025-10-23T13:00:00+02:00", True, "shift", "Weekdays"),
        ("2025-10-23T13:00:00+02:00", "2025-10-23T14:00:00+02:00", False, "override", "Staff meeting"),
        ("2025-10-23T14:00:00+02:00", "2025-10-23T17:00:00+02:00", True, "shift", "Weekdays"),
        ("2025-10-23T17:00:00+02:00", "2025-10-24T00:00:00+02:00", False, "closed", ""),
    ]
    assert body["intervals"][0]["reason"] == "outside working hours"
    assert body["intervals"][2]["reason"] == "Staff meeting"
    assert body["offset_changes"] == []
    assert body["accepts_contacts"] is True


def test_the_clock_change_is_listed_and_intervals_run_across_it(api, channel):
    body = api.get(path(channel), {"start": "2025-10-25", "days": 2}).json()
    # Saturday and Sunday are closed: one interval from Saturday 00:00 (+02:00) to Monday 00:00 (+01:00).
    assert compact(body["intervals"]) == [
        ("2025-10-25T00:00:00+02:00", "2025-10-27T00:00:00+01:00", False, "closed", ""),
    ]
    assert body["offset_changes"] == [
        {
            "at": "2025-10-26T02:00:00+01:00",
            "offset_before": 120,
            "offset_after": 60,
            "local_before": "2025-10-26T03:00:00",
            "local_after": "2025-10-26T02:00:00",
            "label": "26 Oct 2025: clocks go back from 03:00 to 02:00",
        }
    ]


def test_defaults_are_14_days_from_today_in_the_channels_zone(api, org, hours):
    # 10:00 UTC on 22 October is already midnight of the 23rd on Kiritimati (UTC+14).
    channel = make_entry_point(org, flow=make_flow(org, business_hours=hours), timezone="Pacific/Kiritimati")
    body = api.get(path(channel)).json()
    assert (body["start"], body["days"]) == ("2025-10-23", 14)
    assert body["intervals"][0]["start"] == "2025-10-23T00:00:00+14:00"
    assert body["intervals"][-1]["end"] == "2025-11-06T00:00:00+14:00"
    state = lambda interval: (interval["is_open"], interval["rule_kind"], interval["rule_name"])  # noqa: E731
    for before, after in zip(body["intervals"], body["intervals"][1:], strict=False):
        assert before["end"] == after["start"]  # no gap, no overlap
        assert state(before) != state(after)  # adjacent intervals always differ


def test_holidays_decide_by_name(api, channel):
    body = api.get(path(channel), {"start": "2025-12-24", "days": 3}).json()
    assert compact(body["intervals"]) == [
        ("2025-12-24T00:00:00+01:00", "2025-12-27T00:00:00+01:00", False, "holiday", "Christmas"),
    ]


def test_an_inactive_channel_accepts_no_contacts_and_keeps_its_intervals(api, channel):
    entry_point_deactivate(entry_point=channel)
    body = api.get(path(channel), {"start": "2025-10-23", "days": 1}).json()
    assert body["accepts_contacts"] is False
    # The intervals stay what the business hours decide (for when the channel is activated again).
    assert [i["is_open"] for i in body["intervals"]] == [False, True, False, True, False]


def test_channel_without_business_hours(api, org):
    channel = make_entry_point(org, flow=make_flow(org), timezone="America/New_York")
    body = api.get(path(channel), {"start": "2025-11-01", "days": 3}).json()
    assert body["business_hours"] is None and body["intervals"] == []
    # The clocks still change in New York on 2 November.
    assert [change["label"] for change in body["offset_changes"]] == [
        "2 Nov 2025: clocks go back from 02:00 to 01:00"
    ]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"start": "2025-02-30"},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"start": "2025-10-23T00:00"},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"start": "1900-01-01"}, {"start": ["Choose a date between 1 Jan 1970 and 31 Dec 2199."]}),
        ({"days": "0"}, {"days": ["Ensure this value is greater than or equal to 1."]}),
        ({"days": "32"}, {"days": ["Ensure this value is less than or equal to 31."]}),
        ({"days": "1e3"}, {"days": ["A valid integer is required."]}),
        ({"days": ""}, {"days": ["Enter a value."]}),
        ({"day": "3"}, {"day": ["Unknown query parameter."]}),
        ({"page": "2"}, {"page": ["Unknown query parameter."]}),
    ],
)
def test_bad_query_answers_400_with_field_errors(api, channel, query, errors):
    response = api.get(path(channel), query)
    assert response.status_code == 400
    assert response.json() == errors


def test_constant_queries(api, channel):
    api.get(path(channel))  # the token's first use of the day is recorded once
    with CaptureQueriesContext(connection) as one_day:
        api.get(path(channel), {"days": 1})
    with CaptureQueriesContext(connection) as month:
        api.get(path(channel), {"days": 31})
    assert len(one_day) == len(month)


def test_who_may_read_it(api, viewer_api, read_only_api, outsider_api, anonymous_api, channel):
    assert viewer_api.get(path(channel)).status_code == 200
    assert read_only_api.get(path(channel)).status_code == 200
    response = outsider_api.get(path(channel))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = anonymous_api.get(path(channel))
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert api.get("/api/v1/entry-points/00000000-0000-0000-0000-000000000000/calendar/").status_code == 404
    assert api.post(path(channel), {}).status_code == 405


def test_the_operation_is_documented(api):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/entry-points/{id}/calendar/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert (parameters["start"]["schema"]["type"], parameters["start"]["schema"]["format"]) == (
        "string",
        "date",
    )
    assert parameters["days"]["schema"]["minimum"] == 1 and parameters["days"]["schema"]["maximum"] == 31
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "404", "429"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][body]["properties"]
    assert {"timezone", "start", "days", "business_hours", "intervals", "offset_changes"} <= set(properties)
    accepts = properties["accepts_contacts"]
    assert accepts["type"] == "boolean" and "inactive and accepts no contacts" in accepts["description"]
