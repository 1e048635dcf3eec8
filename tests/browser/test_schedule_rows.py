"""Schedule rows in real Chromium: an overlap error names the day the clash happens, in both rows; the
rows keep the order they were typed in."""

import os
import re

import pytest
from playwright.sync_api import expect

from flows.models import BusinessHours

from .conftest import htmx_swap, login

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


def row_names(page) -> list[str]:
    return page.locator("[data-row] input[type=text]").evaluate_all("inputs => inputs.map(i => i.value)")


@pytest.mark.parametrize("width", [1440, 390])
def test_rows_keep_the_order_typed_through_an_error_and_after_saving(page, admin_user, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, admin_user.username)
    page.goto("/business-hours/new/")
    page.fill("#id_name", "Typed order")
    typed = [
        ("Late", ["Fri"], "22:00", "02:00"),
        ("Dropped", ["Sun"], "10:00", "11:00"),
        ("Wednesday", ["Wed"], "09:00", "17:00"),
        ("Early", ["Sat"], "01:00", "05:00"),
    ]
    for index, row in enumerate(typed):
        if index:
            with htmx_swap(page, "shift-rows"):
                page.click("text=+ Add shift")
        fill_row(page.locator("[data-row]").nth(index), *row)
    page.locator("[data-row]").nth(1).locator("[data-remove-row]").click()  # a gap in the numbering

    page.click("#submit-button")
    order = ["Late", "Wednesday", "Early"]  # as typed: not by day, by time or by name
    assert row_names(page) == order
    rows = page.locator("[data-row]")
    expected = "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday."
    # In both clashing rows, and not in the row between them.
    expect(rows.nth(0).locator(".row-errors")).to_have_text(expected)
    expect(rows.nth(2).locator(".row-errors")).to_have_text(expected)
    expect(rows.nth(1).locator(".row-errors")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if SHOTS:
        page.locator("#shift-rows").screenshot(path=f"{SHOTS}/order-error-rows-{width}.png")

    page.locator("[data-row]").nth(2).locator("[data-shift=start]").fill("02:00")
    page.click("#submit-button")
    expect(page.locator(".alert-success")).to_be_visible()
    assert row_names(page) == order
    legend = page.locator(".week-legend li strong").all_inner_texts()
    assert legend == order
    assert [s.name for s in BusinessHours.objects.get().shifts.all()] == order
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/order-saved-{width}.png", full_page=True)
