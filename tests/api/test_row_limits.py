"""Rows are bounded in the API: one row too many is a 400 naming the limit, a huge list is refused on
its length alone, and a channel with the most rows answers its calendar and Test routing."""

import json

import pytest

import flows.api.serializers
from flows.models import BusinessHours, HolidayList, OverrideList
from tests.dbstate import unchanged
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_override_list,
)
from tests.flows.test_row_limits import (
    holiday_values,
    holidays_message,
    override_values,
    overrides_message,
    shift_values,
    shifts_message,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _token_used(api):
    # The token's first use writes its last_used_at; "nothing written" is about the rows.
    api.get("/api/v1/holiday-lists/")


def as_json(rows: list[dict]) -> list[dict]:
    """Rows as a client sends them: dates and times as ISO text."""
    return [
        {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}
        for row in rows
    ]


RESOURCES = [
    ("/api/v1/business-hours/", "shifts", shift_values, 50, shifts_message, BusinessHours),
    ("/api/v1/holiday-lists/", "holidays", holiday_values, 500, holidays_message, HolidayList),
    ("/api/v1/override-lists/", "overrides", override_values, 500, overrides_message, OverrideList),
]
IDS = ["shifts", "holidays", "overrides"]


@pytest.mark.parametrize(("url", "field", "rows", "limit", "message", "model"), RESOURCES, ids=IDS)
def test_one_row_too_many_is_a_400_naming_the_limit(api, org, url, field, rows, limit, message, model):
    body = {"name": "Too long", field: as_json(rows(limit + 1))}
    with unchanged():
        response = api.post(url, body, format="json")
    assert response.status_code == 400
    # The list's own error, in DRF's shape for a nested list (its rows' errors would be beside it).
    assert response.json() == {field: {"non_field_errors": [message(limit + 1)]}}


@pytest.mark.parametrize(("url", "field", "rows", "limit", "message", "model"), RESOURCES, ids=IDS)
def test_a_list_at_the_limit_is_created(api, org, url, field, rows, limit, message, model):
    response = api.post(url, {"name": "At the limit", field: as_json(rows(limit))}, format="json")
    assert response.status_code == 201, response.content[:500]
    assert len(response.json()[field]) == limit
    assert getattr(model.objects.get(), field).count() == limit


def test_a_replacement_past_the_limit_keeps_the_stored_rows(api, org):
    hours = make_business_hours(org, shifts=shift_values(2))
    holidays = make_holiday_list(org, holidays=holiday_values(2))
    overrides = make_override_list(org, overrides=override_values(2))
    with unchanged():
        for url, field, values, message in [
            (f"/api/v1/business-hours/{hours.pk}/", "shifts", shift_values(51), shifts_message(51)),
            (f"/api/v1/holiday-lists/{holidays.pk}/", "holidays", holiday_values(501), holidays_message(501)),
            (
                f"/api/v1/override-lists/{overrides.pk}/",
                "overrides",
                override_values(501),
                overrides_message(501),
            ),
        ]:
            response = api.patch(url, {field: as_json(values)}, format="json")
            assert (response.status_code, response.json()) == (400, {field: {"non_field_errors": [message]}})


def test_the_other_fields_are_judged_beside_the_count(api, org):
    with unchanged():
        response = api.post(
            "/api/v1/holiday-lists/", {"name": "", "holidays": as_json(holiday_values(501))}, format="json"
        )
    assert response.status_code == 400
    assert response.json()["holidays"] == {"non_field_errors": [holidays_message(501)]}
    assert "name" in response.json()


def test_100000_rows_are_refused_on_the_length_before_a_row_is_parsed(api, org, monkeypatch):
    def parse(self, data):
        raise AssertionError("a row was parsed")

    monkeypatch.setattr(flows.api.serializers.HolidaySerializer, "to_internal_value", parse)
    body = json.dumps({"name": "Huge", "holidays": [{}] * 100_000})
    assert len(body) < 1024 * 1024  # under the body limit: the row limit is what refuses it
    with unchanged():
        response = api.post("/api/v1/holiday-lists/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"holidays": {"non_field_errors": [holidays_message(100_000)]}}


def test_the_limit_follows_the_setting(api, org, settings):
    settings.OVERRIDE_LIST_MAX_OVERRIDES = 1
    response = api.post(
        "/api/v1/override-lists/", {"name": "Two", "overrides": as_json(override_values(2))}, format="json"
    )
    assert response.json() == {
        "overrides": {"non_field_errors": ["An override list can have at most 1 override; this one has 2."]}
    }


# A channel with the most rows


@pytest.fixture
def busiest(org):
    """A telephony channel whose schedule has the most rows of every kind, many of them in March 2026."""
    hours = make_business_hours(
        org,
        name="Busiest",
        shifts=shift_values(50),
        holiday_list=make_holiday_list(org, holidays=holiday_values(500)),
        override_list=make_override_list(org, overrides=override_values(500)),
    )
    number = make_number(org, "+45 33 12 34 99")
    channel = make_entry_point(
        org,
        "inbound_telephony",
        name="Busiest_line",
        flow=make_flow(org, business_hours=hours),
        timezone="Europe/Copenhagen",
        support_numbers=[number],
    )
    return channel


def test_a_31_day_calendar_with_the_most_rows_has_a_bounded_number_of_intervals(
    api, busiest, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = api.get(
            f"/api/v1/entry-points/{busiest.pk}/calendar/", {"start": "2026-01-05", "days": 31}
        )
    assert response.status_code == 200
    intervals = response.json()["intervals"]
    # The engine's edges in the days: two per override, per holiday day and per shift stretch (50
    # shifts every day, over the five weeks touched), and the clock changes.
    assert 1 < len(intervals) <= 2 * 500 + 2 * 32 + 2 * 50 * 7 * 6 + 2
    assert intervals[0]["start"] == "2026-01-05T00:00:00+01:00"
    assert intervals[-1]["end"] == "2026-02-05T00:00:00+01:00"


def test_test_routing_with_the_most_rows_answers(api, busiest, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = api.post(
            "/api/v1/routing/resolve/",
            {"number": "+45 33 12 34 99", "local_time": "2026-01-05T00:10"},
            format="json",
        )
    assert response.status_code == 200, response.content
    status = response.json()["status"]
    # 00:10 on the first holiday, with the first override (00:00–00:30, closed) on top.
    assert (status["is_open"], status["rule_kind"], status["rule_name"]) == (False, "override", "Override 0")
