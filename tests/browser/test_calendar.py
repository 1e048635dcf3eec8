"""The calendar preview in real Chromium: a week with the autumn clock change, from the channel page."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_business_hours, make_entry_point, make_flow, make_user

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_viewer_opens_the_calendar_from_the_channel_page_and_sees_the_clock_change(page, org):
    hours = make_business_hours(
        org,
        name="Office",
        shifts=[
            {
                "name": "Weekdays",
                "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                "start_minute": 540,
                "end_minute": 1020,
            }
        ],
    )
    channel = make_entry_point(
        org, name="Chat_DK", flow=make_flow(org, business_hours=hours), timezone="Europe/Copenhagen"
    )
    make_user(org, "viewer", username="support")
    login(page, "support")

    page.goto(channel.get_absolute_url())
    expect(page.locator("#open-now-status")).to_have_text(re.compile(r"^\s*(Open|Closed) · \S"))
    page.click("#calendar-link")
    expect(page.locator("h1")).to_contain_text("Calendar of Chat_DK")

    page.fill("#calendar-start", "2025-10-20")
    page.fill("#calendar-days", "7")
    page.click("button:has-text('Show')")
    page.wait_for_url("**/calendar/?start=2025-10-20&days=7")

    monday = page.locator('.cal-day[data-date="2025-10-20"] .cal-block.is-open')
    expect(monday).to_have_count(1)
    expect(monday).to_contain_text("Weekdays")
    expect(monday).to_contain_text("09:00–17:00")
    box = monday.bounding_box()
    column = page.locator('.cal-day[data-date="2025-10-20"]').bounding_box()
    # 09:00 to 17:00 is the 37.5 % to 70.8 % of the day column.
    assert abs((box["y"] - column["y"]) / column["height"] - 0.375) < 0.01
    assert abs(box["height"] / column["height"] - 8 / 24) < 0.01

    marker = page.locator('.cal-day[data-date="2025-10-26"] .cal-change')
    expect(marker).to_be_visible()
    expect(marker).to_contain_text("Clocks go back 03:00 → 02:00")
    expect(page.locator("#clock-changes")).to_contain_text("26 Oct 2025: clocks go back from 03:00 to 02:00")

    page.click("a[rel=next]")
    page.wait_for_url("**/calendar/?start=2025-10-27&days=7")
    expect(page.locator(".cal-change")).to_have_count(0)


def test_deactivating_a_channel_turns_open_now_into_inactive_on_its_page_and_in_the_list(page, org):
    """Status tells the truth: after Deactivate, "Open"/"Closed" is no longer the headline anywhere."""
    hours = make_business_hours(
        org,
        name="Office",
        shifts=[{"name": "Weekdays", "weekdays": ["mon", "tue", "wed", "thu", "fri"], "start_minute": 540,
                 "end_minute": 1020}],
    )  # fmt: skip
    channel = make_entry_point(org, name="Chat_DK", flow=make_flow(org, business_hours=hours))
    make_user(org, "admin", username="boss")
    login(page, "boss")
    page.goto(channel.get_absolute_url())
    expect(page.locator("#open-now-status .open-now")).to_have_text(re.compile(r"^(Open|Closed)$"))
    page.get_by_role("button", name="Deactivate").click()
    expect(page.locator("#status-badge")).to_have_text("Inactive")
    expect(page.locator("#open-now-status .open-now")).to_have_text("Inactive — accepts no contacts")
    expect(page.locator("#open-now-status .open-now-more")).to_have_text(
        re.compile(r"^Business hours: (Open|Closed) · ")
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/channels/")
    cell = page.locator("tr", has=page.get_by_role("link", name="Chat_DK")).locator(".open-now-col")
    expect(cell.locator(".open-now")).to_have_text("Inactive — accepts no contacts")
    expect(cell.locator(".open-now")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
