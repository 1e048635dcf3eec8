"""The calendar preview page of a channel: the week grid, its reasons, the clock changes, bad input."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from channels.services import entry_point_deactivate
from channels.views import calendar_grid
from flows.schedule import Schedule, ShiftRule, calendar, zone
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
# Wednesday 22 October 2025, 12:00 in Copenhagen; the clocks go back on Sunday the 26th.
NOW = datetime.datetime(2025, 10, 22, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """ "Now" for the schedule code only: sessions keep the real clock."""
    clock = SimpleNamespace(now=lambda: NOW)
    for module in ("channels.selectors", "channels.views", "channels.calendar"):
        monkeypatch.setattr(f"{module}.timezone", clock)


@pytest.fixture
def channel(org):
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
            },
            {
                "name": "Open Saturday",
                "start": datetime.datetime(2025, 10, 25, 10, 0),
                "end": datetime.datetime(2025, 10, 25, 14, 0),
                "state": "open",
            },
        ],
    )
    hours = make_business_hours(
        org,
        name="Office",
        shifts=[{"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 540, "end_minute": 1020}],
        holiday_list=holidays,
        override_list=overrides,
    )
    return make_entry_point(
        org, name="Chat_DK", flow=make_flow(org, business_hours=hours), timezone="Europe/Copenhagen"
    )


def url(channel, **query) -> str:
    base = reverse("channels:entrypoint-calendar", kwargs={"pk": channel.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:
    return response.content.decode()


def day_columns(body: str) -> dict[str, str]:
    """{YYYY-MM-DD: the HTML of that day's column}."""
    return dict(re.findall(r'<div class="cal-day[^"]*" data-date="([\d-]+)">(.*?)\n      </div>', body, re.S))


def blocks(column: str) -> list[tuple[str, str, str, str]]:
    """(classes, top, height, reason) of each block of a column."""
    return re.findall(
        r'<div class="cal-block ([^"]+)" style="--top: ([\d.]+)%; --height: ([\d.]+)%"[^>]*>\s*(?:<strong>(.*?)</strong>)?',
        column,
    )


def test_shows_the_next_14_days_from_today_in_the_channels_zone(admin_client, channel):
    response = admin_client.get(url(channel))
    assert response.status_code == 200
    body = text(response)
    columns = day_columns(body)
    assert list(columns) == [
        (datetime.date(2025, 10, 22) + datetime.timedelta(days=n)).isoformat() for n in range(14)
    ]
    assert body.count('<div class="cal-week">') == 2
    assert "Wed 22 Oct 2025 – Tue 4 Nov 2025" in body
    assert "Times are local to Europe/Copenhagen" in body
    # Now (12:00 on a Wednesday) is open, and the red line sits at 12:00 on today's column only.
    assert "Open · until 17:00 (Weekdays)" in body
    assert 'class="cal-now" style="--top: 50.000%"' in columns["2025-10-22"]
    assert "cal-now" not in columns["2025-10-23"]


def test_open_blocks_are_positioned_by_local_time_with_their_reasons(admin_client, channel):
    columns = day_columns(text(admin_client.get(url(channel, start="2025-10-20", days=7))))
    # Monday: one shift block 09:00–17:00.
    assert blocks(columns["2025-10-20"]) == [("is-open kind-shift", "37.500", "33.333", "Weekdays")]
    # Thursday: the closing override cuts the shift in two.
    assert blocks(columns["2025-10-23"]) == [
        ("is-open kind-shift", "37.500", "16.667", "Weekdays"),
        ("is-closed kind-override", "54.167", "4.167", "Staff meeting"),
        ("is-open kind-shift", "58.333", "12.500", "Weekdays"),
    ]
    # Saturday: no shift, but an override opens 10:00–14:00.
    assert blocks(columns["2025-10-25"]) == [("is-open kind-override", "41.667", "16.667", "Open Saturday")]
    assert "10:00–14:00" in columns["2025-10-25"]


def test_a_holiday_shows_as_a_closed_block_named_after_it(admin_client, channel):
    columns = day_columns(text(admin_client.get(url(channel, start="2025-12-22", days=7))))
    for day in ("2025-12-24", "2025-12-25", "2025-12-26"):
        assert blocks(columns[day]) == [("is-closed kind-holiday", "0.000", "100.000", "Christmas")]
    assert blocks(columns["2025-12-23"]) == [("is-open kind-shift", "37.500", "33.333", "Weekdays")]


def test_clock_changes_are_marked_where_they_happen(admin_client, channel):
    body = text(admin_client.get(url(channel, start="2025-10-20", days=7)))
    columns = day_columns(body)
    sunday = columns["2025-10-26"]
    # The repeated hour 02:00–03:00 is shaded and labelled.
    assert 'class="cal-change back" style="--top: 8.333%; --height: 4.167%"' in sunday
    assert "Clocks go back 03:00 → 02:00" in sunday
    assert "26 Oct 2025: clocks go back from 03:00 to 02:00" in body
    assert sum("cal-change" in column for column in columns.values()) == 1

    spring = day_columns(text(admin_client.get(url(channel, start="2026-03-23", days=7))))
    assert 'class="cal-change forward" style="--top: 8.333%; --height: 4.167%"' in spring["2026-03-29"]
    assert "Clocks go forward 02:00 → 03:00" in spring["2026-03-29"]


def test_a_block_across_the_skipped_hour_is_drawn_in_two_pieces_labelled_once(admin_client, org):
    holidays = make_holiday_list(
        org,
        holidays=[
            {
                "name": "Easter",
                "start_date": datetime.date(2026, 3, 29),
                "end_date": datetime.date(2026, 3, 29),
            }
        ],
    )
    hours = make_business_hours(org, holiday_list=holidays)
    channel = make_entry_point(org, flow=make_flow(org, business_hours=hours), timezone="Europe/Copenhagen")
    column = day_columns(text(admin_client.get(url(channel, start="2026-03-29", days=1))))["2026-03-29"]
    assert blocks(column) == [
        ("is-closed kind-holiday", "0.000", "8.333", "Easter"),  # 00:00–02:00
        ("is-closed kind-holiday", "12.500", "87.500", ""),  # 03:00–24:00, under the clock change's label
    ]


def test_a_half_hour_clock_change_on_lord_howe(admin_client, org):
    hours = make_business_hours(
        org,
        shifts=[
            {"name": "Always", "weekdays": [*WEEKDAYS, "sat", "sun"], "start_minute": 0, "end_minute": 0}
        ],
    )
    channel = make_entry_point(org, flow=make_flow(org, business_hours=hours), timezone="Australia/Lord_Howe")
    body = text(admin_client.get(url(channel, start="2026-04-01", days=7)))
    assert "Clocks go back 02:00 → 01:30" in day_columns(body)["2026-04-05"]


def test_a_date_that_never_happened_is_an_empty_column(admin_client, org):
    """Samoa skipped Friday 30 December 2011 when it moved across the date line."""
    channel = make_entry_point(
        org, flow=make_flow(org, business_hours=make_business_hours(org)), timezone="Pacific/Apia"
    )
    response = admin_client.get(url(channel, start="2011-12-30", days=1))
    assert response.status_code == 200
    assert blocks(day_columns(response.content.decode())["2011-12-30"]) == []


def test_shifts_across_clock_changes_are_drawn_on_the_wall_clock():
    """A shift 01:00–05:00 over each clock change fills 01:00–05:00 of the wall clock, never more."""
    schedule = Schedule(shifts=(ShiftRule("Early", (6,), 60, 300),))  # Sundays
    tz = zone("Europe/Copenhagen")
    for start in (datetime.date(2025, 10, 26), datetime.date(2026, 3, 29)):
        found = calendar(schedule, start, 1, tz, split_days=True)
        [week] = calendar_grid(found, start, 1, datetime.datetime(2025, 1, 1, tzinfo=tz))
        pieces = [
            (float(b["top"]) * 14.4, (float(b["top"]) + float(b["height"])) * 14.4) for b in week[0]["blocks"]
        ]
        covered = sorted((round(low), round(high)) for low, high in pieces)
        if start.month == 10:  # the repeated hour is drawn twice over the same place
            assert covered == [(60, 180), (120, 300)]
        else:  # the skipped hour stays empty
            assert covered == [(60, 120), (180, 300)]


def test_the_same_days_as_a_list(admin_client, channel):
    body = text(admin_client.get(url(channel, start="2025-10-26", days=1)))
    rows = re.findall(
        r"<tr>\s*<td class=\"nowrap\">(.*?)</td>(.*?)</tr>", body.split('id="calendar-intervals"')[1], re.S
    )
    assert len(rows) == 1  # a Sunday: closed all day, across the clock change
    assert "+0200" in rows[0][1] and "+0100" in rows[0][1]
    assert "outside working hours" in rows[0][1]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start": "2025-13-01"},
            "Start date: Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
        ({"start": "yesterday"}, "Start date: Date has wrong format."),
        ({"start": "1969-12-31"}, "Start date: Choose a date between 1 Jan 1970 and 31 Dec 2199."),
        ({"start": "9999-12-31"}, "Start date: Choose a date between 1 Jan 1970 and 31 Dec 2199."),
        ({"days": "0"}, "Days: Ensure this value is greater than or equal to 1."),
        ({"days": "32"}, "Days: Ensure this value is less than or equal to 31."),
        ({"days": "two"}, "Days: A valid integer is required."),
        ({"days": "-1"}, "Days: Ensure this value is greater than or equal to 1."),
    ],
)
def test_bad_range_says_what_is_wrong_and_keeps_the_input(admin_client, channel, query, message):
    response = admin_client.get(url(channel, **query))
    assert response.status_code == 200
    body = text(response)
    assert 'id="range-errors"' in body and message in body
    assert "cal-week" not in body
    for name, value in query.items():
        assert f'name="{name}"' in body and f'value="{value}"' in body


def test_empty_fields_mean_the_defaults(admin_client, channel):
    body = text(admin_client.get(url(channel, start="", days="")))
    assert "range-errors" not in body
    assert len(day_columns(body)) == 14


def test_31_days_and_the_links_to_the_previous_and_next_days(admin_client, channel):
    body = text(admin_client.get(url(channel, start="2025-10-01", days=31)))
    assert len(day_columns(body)) == 31 and body.count('<div class="cal-week">') == 5
    # The short last week (29 to 31 October) keeps seven columns: four empty ones, head and body.
    assert body.count('<div class="cal-filler"></div>') == 8
    assert f'href="{url(channel, start="2025-08-31", days=31)}"'.replace("&", "&amp;") in body
    assert f'href="{url(channel, start="2025-11-01", days=31)}"'.replace("&", "&amp;") in body


def test_without_business_hours_the_page_explains(viewer_client, org):
    channel = make_entry_point(org, name="Plain", flow=make_flow(org, name="Plain_Flow"))
    response = viewer_client.get(url(channel, days="nonsense"))
    assert response.status_code == 200
    body = text(response)
    assert "This channel follows no business hours" in body
    assert "Its flow “Plain_Flow” has no business hours" in body
    assert "cal-week" not in body and "range-errors" not in body


def test_an_inactive_channel_says_it_accepts_no_contacts_above_its_hours(admin_client, channel):
    entry_point_deactivate(entry_point=channel)
    body = text(admin_client.get(url(channel)))
    assert "Inactive — accepts no contacts" in body and 'id="calendar-inactive"' in body
    now = re.search(r'<span class="open-now ([^"]*)" id="calendar-now">(.*?)</span>', body)
    # Never "Open · until 17:00" as the state: the hours' answer is only the hint beside it.
    assert now.groups() == ("is-inactive", "Inactive — accepts no contacts")
    assert "Business hours: Open · until 17:00 (Weekdays)" in body
    # The grid still shows what the business hours decide.
    assert "cal-week" in body


def test_an_active_channel_has_no_inactive_note(admin_client, channel):
    body = text(admin_client.get(url(channel)))
    assert re.search(r'<span class="open-now is-open" id="calendar-now">Open · until 17:00', body)
    assert "calendar-inactive" not in body and "accepts no contacts" not in body


def test_an_inactive_channel_without_business_hours_does_not_say_contacts_are_taken(viewer_client, org):
    channel = make_entry_point(org, name="Plain", flow=make_flow(org, name="Plain_Flow"))
    entry_point_deactivate(entry_point=channel)
    body = text(viewer_client.get(url(channel)))
    assert "Inactive — accepts no contacts" in body
    assert "Its flow “Plain_Flow” has no business hours" in body
    assert "contacts are always taken" not in body


def test_the_system_channel_without_a_flow(admin_client, org):
    from channels.models import EntryPoint

    system = EntryPoint.objects.get(organization=org, is_system=True)
    body = text(admin_client.get(url(system)))
    assert "It has no flow" in body


def test_viewer_sees_it_outsider_and_unknown_get_404_anonymous_logs_in(
    viewer_client, outsider_client, client, channel
):
    assert viewer_client.get(url(channel)).status_code == 200
    assert outsider_client.get(url(channel)).status_code == 404
    missing = reverse("channels:entrypoint-calendar", kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    assert viewer_client.get(missing).status_code == 404
    response = client.get(url(channel))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_is_read_only(admin_client, channel):
    assert admin_client.post(url(channel)).status_code == 405
