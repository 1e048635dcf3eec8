"""Channels' schedules for many rows: a constant number of queries, and the same answers as one by one."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels.models import EntryPoint
from channels.selectors import (
    channel_calendar,
    channel_schedule,
    channel_status,
    channel_statuses,
    with_schedules,
)
from flows.schedule import HolidayRule, OverrideRule, RuleKind, Schedule, ShiftRule, status_at
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)

pytestmark = pytest.mark.django_db

ZONES = ["Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
# Monday 6 January 2025, 09:30 in Copenhagen: 03:30 in New York, 19:30 on Lord Howe, 14:00 in Kolkata.
INSTANT = datetime.datetime(2025, 1, 6, 8, 30, tzinfo=datetime.UTC)


def add_channels(org, count: int, start: int = 0) -> None:
    """Channels each with their own flow and schedule, so that every prefetch has rows per channel."""
    holidays = make_holiday_list(
        org,
        holidays=[
            {
                "name": "Christmas",
                "start_date": datetime.date(2024, 12, 24),
                "end_date": datetime.date(2024, 12, 26),
                "repeats_yearly": True,
            },
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": "Storm",
                "start": datetime.datetime(2025, 1, 7, 12),
                "end": datetime.datetime(2025, 1, 8, 10),
                "state": "closed",
            },
        ],
    )
    for n in range(start, start + count):
        hours = make_business_hours(
            org,
            shifts=[
                {
                    "name": "Weekdays",
                    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                    "start_minute": 480 + n % 3 * 30,
                    "end_minute": 1020,
                },
                {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
            ],
            holiday_list=holidays if n % 2 == 0 else None,
            override_list=overrides if n % 3 == 0 else None,
        )
        make_entry_point(org, "chat", flow=make_flow(org, business_hours=hours), timezone=ZONES[n % 4])


def load_statuses(org) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        entry_points = list(with_schedules(EntryPoint.objects.for_organization(org).with_list_data()))
        statuses = channel_statuses(entry_points, INSTANT)
    return len(queries.captured_queries), statuses


def test_query_count_does_not_grow_with_channels(org):
    add_channels(org, 5)
    make_entry_point(org, "email")  # a flow without business hours
    few_queries, few = load_statuses(org)
    add_channels(org, 45, start=5)
    many_queries, many = load_statuses(org)

    assert len(few) == 5 + 1 + 1 and len(many) == 50 + 1 + 1  # with the system channel
    # The channels with their schedules and lists joined, then the shifts, holidays and overrides.
    assert few_queries == many_queries == 4
    assert sum(status is None for status in many.values()) == 2


def test_statuses_match_one_by_one_in_each_channels_zone(org):
    add_channels(org, 8)
    _, statuses = load_statuses(org)
    for entry_point in EntryPoint.objects.filter(organization=org, flow__business_hours__isnull=False):
        alone = channel_status(entry_point, INSTANT)  # no prefetch: the schedule is read row by row
        assert statuses[entry_point.pk] == alone
        expected_open = {"Europe/Copenhagen": True, "Asia/Kolkata": True}.get(entry_point.timezone, False)
        assert alone.is_open is expected_open, entry_point.timezone


def test_channels_sharing_schedule_and_zone_share_one_status(org):
    hours = make_business_hours(org)
    flow = make_flow(org, business_hours=hours)
    first = make_entry_point(org, "chat", flow=flow, timezone="Europe/Copenhagen")
    second = make_entry_point(org, "email", flow=flow, timezone="Europe/Copenhagen")
    third = make_entry_point(org, "social", flow=flow, timezone="America/New_York")
    statuses = channel_statuses(with_schedules(EntryPoint.objects.for_organization(org)), INSTANT)
    assert statuses[first.pk] is statuses[second.pk]
    assert statuses[first.pk].is_open and not statuses[third.pk].is_open


def test_snapshot_copies_every_rule(org):
    holidays = make_holiday_list(
        org,
        holidays=[
            {
                "name": "Leap day",
                "start_date": datetime.date(2024, 2, 29),
                "end_date": datetime.date(2024, 2, 29),
                "repeats_yearly": True,
            }
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": "Extra",
                "start": datetime.datetime(2025, 1, 11, 10),
                "end": datetime.datetime(2025, 1, 11, 14),
                "state": "open",
            }
        ],
    )
    hours = make_business_hours(
        org,
        name="Office",
        shifts=[{"name": "Night", "weekdays": ["fri", "sun"], "start_minute": 1320, "end_minute": 360}],
        holiday_list=holidays,
        override_list=overrides,
    )
    flow = make_flow(org, business_hours=hours)
    entry_point = make_entry_point(org, "chat", flow=flow)
    schedule = channel_schedule(entry_point)
    assert schedule == Schedule(
        shifts=(ShiftRule("Night", (4, 6), 1320, 360),),
        holidays=(HolidayRule("Leap day", datetime.date(2024, 2, 29), datetime.date(2024, 2, 29), True),),
        overrides=(
            OverrideRule(
                "Extra", datetime.datetime(2025, 1, 11, 10), datetime.datetime(2025, 1, 11, 14), True
            ),
        ),
    )
    saturday_noon = datetime.datetime(2025, 1, 11, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    result = status_at(schedule, saturday_noon, ZoneInfo("Europe/Copenhagen"))
    assert (result.is_open, result.rule_kind, result.rule_name) == (True, RuleKind.OVERRIDE, "Extra")


def test_channel_without_business_hours_has_no_status_or_calendar(org):
    entry_point = make_entry_point(org, "chat")
    assert channel_status(entry_point) is None
    assert channel_calendar(entry_point, start=datetime.date(2025, 1, 6), days=14) is None


def test_channel_calendar_uses_the_channels_zone(org):
    flow = make_flow(org, business_hours=make_business_hours(org))
    entry_point = make_entry_point(org, "chat", flow=flow, timezone="America/New_York")
    result = channel_calendar(entry_point, start=datetime.date(2025, 11, 1), days=14)
    assert str(result.start.tzinfo) == "America/New_York"
    assert [change.label() for change in result.offset_changes] == [
        "2 Nov 2025: clocks go back from 02:00 to 01:00"
    ]
    opening = next(span for span in result.intervals if span.is_open)
    assert opening.start.isoformat() == "2025-11-03T09:00:00-05:00"
    assert sum(span.is_open for span in result.intervals) == 10
