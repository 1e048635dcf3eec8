"""Schedule rows in real Chromium: an overlap error names the day the clash happens, in both rows."""

import os
import re

import pytest
from playwright.sync_api import expect

from flows.models import BusinessHours

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SCHEDULE_SHOTS")  # a folder: save screenshots of the errors there


def fill_row(row, name: str, days: list[str], start: str, end: str) -> None:
    row.locator("input[type=text]").fill(name)
    for day in days:
        row.locator("label", has_text=re.compile(rf"^\s*{day}\s*$")).click()
    row.locator("[data-shift=start]").fill(start)
    row.locator("[data-shift=end]").fill(end)


@pytest.mark.parametrize("width", [1440, 390])
def test_an_overnight_clash_is_named_by_its_day_in_both_rows(page, admin_user, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, admin_user.username)
    page.goto("/business-hours/new/")
    page.fill("#id_name", "Nights")
    fill_row(page.locator("[data-row]").nth(0), "Friday night", ["Fri"], "22:00", "02:00")
    page.click("text=+ Add shift")
    expect(page.locator("input[name='shifts-1-name']")).to_be_focused()
    fill_row(page.locator("[data-row]").nth(1), "Saturday early", ["Sat"], "01:00", "05:00")

    page.click("#submit-button")
    expected = "Shift “Friday night” (22:00–02:00) overlaps shift “Saturday early” (01:00–05:00) on Saturday."
    rows = page.locator("[data-row]")
    expect(rows).to_have_count(2)
    for index in range(2):
        # Each row carries the error itself, beside what was typed in it.
        expect(rows.nth(index).locator(".row-errors")).to_have_text(expected)
        expect(rows.nth(index)).to_have_class(re.compile(r"\brow-invalid\b"))
    assert "Friday." not in page.locator("#shift-rows").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not BusinessHours.objects.exists()
    if SHOTS:
        page.locator("#shift-rows").screenshot(path=f"{SHOTS}/overlap-rows-{width}.png")
