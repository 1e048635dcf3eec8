"""After a refused submit the focus is on the error summary, and its links move to the fields."""

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_focus_lands_on_the_summary_and_a_link_focuses_its_field(page, admin_user):
    login(page, "admin")
    page.goto("/queues/new/")
    page.fill("input[name=name]", "bad name with spaces")
    page.fill("input[name=service_level_threshold]", "0")
    page.click("#submit-button")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("a")).not_to_have_count(0)
    summary.locator("a[href='#id_name']").click()
    expect(page.locator("#id_name")).to_be_focused()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("bad name with spaces")  # nothing typed is lost
    summary.locator("a[href='#id_service_level_threshold']").click()
    expect(page.locator("#id_service_level_threshold")).to_be_focused()


def test_a_refused_shift_row_is_reached_from_the_summary(page, admin_user):
    login(page, "admin")
    page.goto("/business-hours/new/")
    page.fill("input[name=name]", "Office")
    page.fill("input[name='shifts-0-name']", "Day")
    page.fill("input[name='shifts-0-start']", "")
    page.click("#submit-button")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.locator("a[href^='#id_shifts-0-']").first
    target = link.get_attribute("href")[1:]
    link.click()
    expect(page.locator(f"[id='{target}']")).to_be_focused()
