"""“Open now” in the Channels list and on the channel page: the label, the time zone, and the queries."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.models import EntryPoint
from channels.services import entry_point_deactivate
from channels.views import EntryPointListView
from flows.models import BusinessHours, Flow, Shift
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
    make_strategy,
)

pytestmark = pytest.mark.django_db

LIST = reverse("channels:entrypoint-list")
UTC = datetime.UTC
# Monday 22 December 2025, 10:00 in Copenhagen (09:00 UTC); Christmas Eve is on the Wednesday.
MONDAY_MORNING = datetime.datetime(2025, 12, 22, 9, 0, tzinfo=UTC)
CHRISTMAS_EVE = datetime.datetime(2025, 12, 24, 9, 0, tzinfo=UTC)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


@pytest.fixture
def frozen(monkeypatch):
    """Fix "now" for the schedule code only: sessions and tokens keep the real clock."""

    def freeze(instant: datetime.datetime) -> None:
        clock = SimpleNamespace(now=lambda: instant)
        for module in ("channels.selectors", "channels.views", "channels.calendar"):
            monkeypatch.setattr(f"{module}.timezone", clock)

    return freeze


@pytest.fixture
def office(org):
    """A flow with office hours 09:00–17:00 on weekdays and a yearly Christmas from 24 to 26 December."""
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
    hours = make_business_hours(
        org,
        name="Office",
        shifts=[{"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 540, "end_minute": 1020}],
        holiday_list=holidays,
    )
    return make_flow(org, name="Office_Flow", business_hours=hours)


def make_channel(org, *, active: bool = True, **fields) -> EntryPoint:
    """A channel, deactivated when `active=False`."""
    created = make_entry_point(org, **fields)
    if not active:
        entry_point_deactivate(entry_point=created)
        created.refresh_from_db()
    return created


def system_channel(org) -> EntryPoint:
    """The organization's system channel: the only one without a flow (a non-system channel must have one)."""
    return EntryPoint.objects.get(organization=org, is_system=True)


def text(response) -> str:
    return response.content.decode()


def open_now_cell(body: str, name: str) -> str:
    """The Open now cell of the row whose title link is `name`."""
    row = re.search(
        rf'<tr>\s*(?:<td class="select-col"[^>]*><input[^>]*></td>\s*)?<td>\s*<a class="row-title"[^>]*>{name}</a>(.*?)</tr>',
        body,
        re.S,
    )
    assert row, name
    cell = re.search(r'<td class="open-now-col" data-label="Open now">(.*?)</td>', row.group(1), re.S)
    assert cell, name
    return cell.group(1)


def visible(html: str) -> str:
    """The text a reader gets (tags removed, the visually hidden separator included)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_list_shows_open_until_and_the_deciding_shift(admin_client, org, office, frozen):
    make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    frozen(MONDAY_MORNING)
    body = text(admin_client.get(LIST))
    assert "Open now" in body
    cell = open_now_cell(body, "Chat_DK")
    assert visible(cell) == "Open · until 17:00 (Weekdays)"
    # The state on the first line, the rest below it; the whole label and the zone in the title.
    assert (
        '<span class="open-now is-open" title="Open · until 17:00 (Weekdays) (local time in Europe/Copenhagen'
        in cell
    )
    assert '<span class="open-now-more">until 17:00 (Weekdays)</span>' in cell


def test_list_shows_closed_the_holiday_and_when_it_opens(admin_client, org, office, frozen):
    make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    frozen(CHRISTMAS_EVE)
    cell = open_now_cell(text(admin_client.get(LIST)), "Chat_DK")
    # Christmas runs to Friday 26th; the weekend has no shift: it opens again on Monday 29th.
    assert visible(cell) == "Closed · Christmas · opens 29 Dec 09:00"
    assert 'class="open-now is-closed"' in cell


def test_each_channel_is_evaluated_in_its_own_time_zone(admin_client, org, office, frozen):
    make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    make_entry_point(org, name="Chat_NY", flow=office, timezone="America/New_York")
    frozen(MONDAY_MORNING)  # 04:00 in New York
    body = text(admin_client.get(LIST))
    assert visible(open_now_cell(body, "Chat_DK")) == "Open · until 17:00 (Weekdays)"
    assert visible(open_now_cell(body, "Chat_NY")) == "Closed · outside working hours · opens 09:00"
    assert "local time in America/New_York" in open_now_cell(body, "Chat_NY")


def test_channels_without_business_hours_say_so_and_why(admin_client, org, frozen):
    make_entry_point(org, name="Plain", flow=make_flow(org))
    make_entry_point(org, "outbound_telephony", name="Dialer", flow=make_strategy(org))
    frozen(MONDAY_MORNING)
    body = text(admin_client.get(LIST))
    for name in ("Plain", "Dialer"):
        cell = open_now_cell(body, name)
        assert visible(cell) == "No business hours · Always open"
        assert "open-now-none" in cell and "—" not in cell
    assert "The channel’s flow has no business hours" in open_now_cell(body, "Plain")
    assert "routed by a routing strategy, which has no business hours" in open_now_cell(body, "Dialer")
    cell = open_now_cell(body, "Outdial Transfer to Queue")
    assert visible(cell) == "No business hours · No flow"
    assert "The channel has no flow" in cell


@pytest.mark.parametrize(
    "moment", [MONDAY_MORNING, CHRISTMAS_EVE], ids=["open by its hours", "closed by them"]
)
def test_an_inactive_channel_accepts_no_contacts_whatever_its_hours_say(
    admin_client, org, office, frozen, moment
):
    make_channel(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen", active=False)
    frozen(moment)
    cell = open_now_cell(text(admin_client.get(LIST)), "Chat_DK")
    head = re.search(r'<span class="open-now ([^"]*)"[^>]*>(.*?)</span>', cell)
    # The headline is the inactive state, never "Open" or "Closed"; the hours' answer is only a hint below.
    assert (head.group(1), head.group(2)) == ("is-inactive", "Inactive — accepts no contacts")
    assert "is-open" not in cell and "is-closed" not in cell
    label = (
        "Open · until 17:00 (Weekdays)"
        if moment == MONDAY_MORNING
        else "Closed · Christmas · opens 29 Dec 09:00"
    )
    assert visible(cell) == f"Inactive — accepts no contacts · Business hours: {label}"
    assert "The channel is inactive, so it accepts no contacts" in cell


def test_an_inactive_channel_without_business_hours_is_inactive_first(admin_client, org, frozen):
    make_channel(org, name="Idle", flow=make_flow(org), active=False)
    frozen(MONDAY_MORNING)
    cell = open_now_cell(text(admin_client.get(LIST)), "Idle")
    assert visible(cell) == "Inactive — accepts no contacts"
    assert "is-inactive" in cell and "Always open" not in cell


def test_viewer_sees_the_column_too(viewer_client, org, office, frozen):
    make_entry_point(org, name="Chat_DK", flow=office)
    frozen(MONDAY_MORNING)
    assert visible(open_now_cell(text(viewer_client.get(LIST)), "Chat_DK")) == "Open · until 17:00 (Weekdays)"


def test_the_rows_swapped_by_htmx_carry_the_column(admin_client, org, office, frozen):
    make_entry_point(org, name="Chat_DK", flow=office)
    frozen(MONDAY_MORNING)
    response = admin_client.get(LIST, {"q": "Chat"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<html" not in text(response)
    assert visible(open_now_cell(text(response), "Chat_DK")) == "Open · until 17:00 (Weekdays)"


# The channel page


def test_channel_page_shows_the_status_the_local_time_and_links_the_calendar(
    admin_client, org, office, frozen
):
    channel = make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    frozen(CHRISTMAS_EVE)
    body = text(admin_client.get(channel.get_absolute_url()))
    panel = re.search(
        r'<section class="card panel" aria-labelledby="panel-open-now">(.*?)</section>', body, re.S
    )
    assert panel
    assert "Closed · Christmas · opens 29 Dec 09:00" in visible(panel.group(1))
    assert "Local time Wed 24 Dec 2025 10:00 in Europe/Copenhagen" in panel.group(1)
    calendar_url = reverse("channels:entrypoint-calendar", kwargs={"pk": channel.pk})
    assert f'href="{calendar_url}"' in panel.group(1)


def test_channel_page_without_business_hours_says_so(viewer_client, org):
    channel = make_entry_point(org, name="Plain", flow=make_flow(org))
    body = text(viewer_client.get(channel.get_absolute_url()))
    panel = open_now_panel(body)
    assert visible(status_line(panel)) == "No business hours · Always open"
    assert "No business hours: the channel’s flow has none" in panel
    assert reverse("channels:entrypoint-calendar", kwargs={"pk": channel.pk}) not in body


def test_channel_page_without_a_flow_says_so(viewer_client, org):
    panel = open_now_panel(text(viewer_client.get(system_channel(org).get_absolute_url())))
    assert visible(status_line(panel)) == "No business hours · No flow"
    assert "No business hours: the channel has no flow." in panel


def test_channel_page_of_an_active_channel_with_hours_shows_no_inactive_note(
    admin_client, org, office, frozen
):
    channel = make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    frozen(MONDAY_MORNING)
    panel = open_now_panel(text(admin_client.get(channel.get_absolute_url())))
    assert visible(status_line(panel)) == "Open · until 17:00 (Weekdays)"
    assert "Inactive" not in panel and 'id="open-now-inactive"' not in panel


def test_channel_page_of_an_inactive_channel_says_it_accepts_no_contacts(admin_client, org, office, frozen):
    channel = make_channel(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen", active=False)
    frozen(MONDAY_MORNING)
    panel = open_now_panel(text(admin_client.get(channel.get_absolute_url())))
    assert visible(status_line(panel)) == (
        "Inactive — accepts no contacts · Business hours: Open · until 17:00 (Weekdays)"
    )
    assert '<span class="open-now is-inactive"' in status_line(panel)
    assert "An inactive channel accepts no contacts, whatever its business hours say." in panel


def test_channel_page_of_an_inactive_channel_without_hours(admin_client, org):
    channel = make_channel(org, name="Idle", flow=make_flow(org), active=False)
    panel = open_now_panel(text(admin_client.get(channel.get_absolute_url())))
    assert visible(status_line(panel)) == "Inactive — accepts no contacts"
    assert "No business hours: the channel’s flow has none" in panel  # the reason stays as a hint


def open_now_panel(body: str) -> str:
    panel = re.search(
        r'<section class="card panel" aria-labelledby="panel-open-now">(.*?)</section>', body, re.S
    )
    assert panel
    return panel.group(1)


def status_line(panel: str) -> str:
    line = re.search(r'<p class="open-now-detail" id="open-now-status">(.*?)</p>', panel, re.S)
    assert line
    return line.group(1)


# Queries: a constant number, whatever the number of rows, with the column or without it


def add_channels(org, count: int, start: int, *, with_hours: bool = True) -> None:
    """`count` channels, each with its own flow and (if `with_hours`) its own schedule: nothing is shared
    between rows, so a query per row would show. Half of the schedules use a holiday list, a third an
    override list; the zones vary."""
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
                "name": "Staff party",
                "start": datetime.datetime(2025, 12, 19, 12),
                "end": datetime.datetime(2025, 12, 19, 23, 59),
                "state": "closed",
            }
        ],
    )
    schedules = [None] * count
    if with_hours:
        schedules = BusinessHours.objects.bulk_create(
            BusinessHours(
                organization=org,
                name=f"Hours {start + n}",
                holiday_list=holidays if n % 2 == 0 else None,
                override_list=overrides if n % 3 == 0 else None,
            )
            for n in range(count)
        )
        Shift.objects.bulk_create(
            Shift(
                business_hours=hours,
                name="Weekdays",
                weekdays=WEEKDAYS,
                start_minute=480 + n % 4 * 30,
                end_minute=1020,
            )
            for n, hours in enumerate(schedules)
        )
    flows = Flow.objects.bulk_create(
        Flow(organization=org, name=f"Flow_{start + n}", business_hours=hours)
        for n, hours in enumerate(schedules)
    )
    zones = ["Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
    EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=org,
            name=f"Row_{start + n:04d}",
            channel_type="chat",
            timezone=zones[n % len(zones)],
            service_level_threshold=30,
            flow=flow,
        )
        for n, flow in enumerate(flows)
    )


def list_queries(client, monkeypatch, *, open_now: bool) -> tuple[int, list[str], str]:
    monkeypatch.setattr(EntryPointListView, "open_now", open_now)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries.captured_queries], text(response)


@pytest.mark.parametrize("page_size", [25, 1000], ids=["default page", "every row on one page"])
def test_list_runs_the_same_queries_for_5_and_500_channels_and_the_column_three_more(
    admin_client, org, monkeypatch, frozen, page_size
):
    """The must-show of issue 6 (no query per row), made exact.

    The page runs exactly the same queries whether it shows 5 rows or 500, and the column adds three,
    whatever the number of rows: the schedules and their holiday and override lists come joined to the
    channels, and their shifts, holidays and overrides are read once each for the whole page.
    """
    monkeypatch.setattr(EntryPointListView, "paginate_by", page_size)
    frozen(MONDAY_MORNING)
    add_channels(org, 5, 0)
    few_with, few_sql, few_body = list_queries(admin_client, monkeypatch, open_now=True)
    few_without, _, few_plain = list_queries(admin_client, monkeypatch, open_now=False)
    add_channels(org, 495, 5)
    many_with, many_sql, many_body = list_queries(admin_client, monkeypatch, open_now=True)
    many_without, _, many_plain = list_queries(admin_client, monkeypatch, open_now=False)

    assert few_with == many_with == few_without + 3
    assert few_without == many_without
    rows_read = [
        sql for sql in few_sql + many_sql if re.search(r'FROM "flows_(shift|holiday|override)"', sql)
    ]
    assert len(rows_read) == 2 * 3  # on each page: the shifts, the holidays, the overrides

    shown = min(page_size, 501)  # 500 rows and the system channel
    assert many_body.count('class="open-now-col"') == shown
    assert many_body.count("open-now is-open") + many_body.count("open-now is-closed") == shown - 1
    assert few_body.count('class="open-now-col"') == 6
    assert "Open now" not in many_plain and 'class="open-now-col"' not in few_plain


def test_the_list_shows_what_the_rows_say_after_they_change(admin_client, org, office, frozen):
    """The copies the column reads follow the rows: a holiday added today closes the channel."""
    make_entry_point(org, name="Chat_DK", flow=office, timezone="Europe/Copenhagen")
    frozen(MONDAY_MORNING)
    assert visible(open_now_cell(text(admin_client.get(LIST)), "Chat_DK")) == "Open · until 17:00 (Weekdays)"
    office.business_hours.holiday_list.holidays.create(
        name="Stocktaking", start_date=datetime.date(2025, 12, 22), end_date=datetime.date(2025, 12, 22)
    )
    cell = open_now_cell(text(admin_client.get(LIST)), "Chat_DK")
    assert visible(cell) == "Closed · Stocktaking · opens 23 Dec 09:00"


def test_list_of_channels_without_any_business_hours_runs_the_same_queries_with_and_without_the_column(
    admin_client, org, monkeypatch, frozen
):
    """With nothing to prefetch, the column costs no query at all."""
    monkeypatch.setattr(EntryPointListView, "paginate_by", 1000)
    frozen(MONDAY_MORNING)
    add_channels(org, 500, 0, with_hours=False)
    with_column, _, body = list_queries(admin_client, monkeypatch, open_now=True)
    without_column, _, _ = list_queries(admin_client, monkeypatch, open_now=False)
    assert with_column == without_column
    assert body.count("open-now-none") == 501
