"""A change that changes nothing writes nothing: the same version, the same ETag, no SQL write."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_entry_point, make_number

from .resources import RESOURCES, detail_url, make_object

READ_ONLY = {"id", "version", "created_at", "updated_at", "direction", "is_system", "recommended"}
READ_ONLY |= {"international", "country_code", "country", "number_type", "size", "duration_seconds"}
READ_ONLY |= {"download_url", "file"}


def writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


# An audio file's PUT carries the file itself (multipart); its JSON PATCH renames it.
CASES = [(resource, method) for resource in RESOURCES for method in ("PATCH", "PUT")]
CASES.remove(("audio-files", "PUT"))


@pytest.mark.parametrize(("resource", "method"), CASES)
def test_sending_back_what_was_read_changes_nothing(api, org, resource, method):
    obj = make_object(resource, org)
    url = detail_url(resource, obj)
    read = api.get(url)
    body = {name: value for name, value in read.json().items() if name not in READ_ONLY}
    with CaptureQueriesContext(connection) as queries:
        response = api.generic(
            method, url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH=read["ETag"]
        )
    assert response.status_code == 200, response.json()
    assert response["ETag"] == read["ETag"]
    assert response.json()["version"] == read.json()["version"]
    assert response.json()["updated_at"] == read.json()["updated_at"]
    assert writes(queries) == []


def test_an_empty_patch_changes_nothing(api, org):
    obj = make_object("queues", org)
    read = api.get(detail_url("queues", obj))
    response = api.patch(detail_url("queues", obj), {}, format="json")
    assert response["ETag"] == read["ETag"]


def test_a_real_change_still_moves_the_version(api, org):
    obj = make_object("queues", org)
    response = api.patch(detail_url("queues", obj), {"description": "Now different"}, format="json")
    assert response.json()["version"] == 2


def test_changing_only_the_rows_moves_the_version(api, org):
    obj = make_object("business-hours", org)
    url = detail_url("business-hours", obj)
    shifts = api.get(url).json()["shifts"]
    shifts[0]["end_minute"] = shifts[0]["end_minute"] - 30
    response = api.patch(url, {"shifts": shifts}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_holidays_sent_back_in_another_order_change_nothing(api, org):
    from tests.factories import make_holiday_list

    holidays = make_holiday_list(
        org,
        holidays=[
            {"name": "Eve", "start_date": "2025-12-24", "end_date": "2025-12-24"},
            {"name": "New Year", "start_date": "2026-01-01", "end_date": "2026-01-01"},
        ],
    )
    url = detail_url("holiday-lists", holidays)
    read = api.get(url).json()
    response = api.patch(url, {"holidays": list(reversed(read["holidays"]))}, format="json")
    assert response.json()["version"] == read["version"]
    assert [row["name"] for row in response.json()["holidays"]] == ["Eve", "New Year"]  # by date


def test_shifts_sent_back_in_their_order_change_nothing_and_in_another_order_are_kept(api, org):
    from tests.factories import make_business_hours

    hours = make_business_hours(
        org,
        shifts=[
            {"name": "Early", "weekdays": ["mon"], "start_minute": 360, "end_minute": 480},
            {"name": "Late", "weekdays": ["mon"], "start_minute": 900, "end_minute": 1000},
        ],
    )
    url = detail_url("business-hours", hours)
    read = api.get(url).json()
    same = api.patch(url, {"shifts": read["shifts"]}, format="json")
    assert same.json()["version"] == read["version"]
    # Shifts keep the order they were given in: a new order is a change, and it is kept.
    reordered = api.patch(url, {"shifts": list(reversed(read["shifts"]))}, format="json")
    assert reordered.json()["version"] == read["version"] + 1
    assert [row["name"] for row in reordered.json()["shifts"]] == ["Late", "Early"]
    assert [row["name"] for row in api.get(url).json()["shifts"]] == ["Late", "Early"]


def test_changing_only_the_numbers_moves_the_channel_version(api, org):
    channel = make_entry_point(org, "inbound_telephony")
    number = make_number(org)
    url = detail_url("entry-points", channel)
    read = api.get(url).json()
    response = api.patch(url, {"support_numbers": [str(number.pk)]}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == read["version"] + 1
    again = api.patch(url, {"support_numbers": [str(number.pk)]}, format="json")
    assert again.json()["version"] == read["version"] + 1


def test_the_console_saving_an_unchanged_form_keeps_the_version(admin_client, org):
    from tests.factories import make_queue

    queue = make_queue(org, name="Support")
    page = admin_client.get(f"/queues/{queue.pk}/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {name: value for name, value in data.items() if value is not False}
    response = admin_client.post(f"/queues/{queue.pk}/", data)
    assert response.status_code in (302, 204), response.context["form"].errors if response.context else ""
    queue.refresh_from_db()
    assert queue.version == 1
