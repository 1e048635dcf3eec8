"""Honest lists in real Chromium: a hand-edited URL is named; page size and numbered pages in the URL."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_queue

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unknown_filter_value_and_parameter_are_named(page, admin_user):
    login(page, "admin")
    page.goto("/channels/?channel_type=fax&colour=blue")
    errors = page.locator("#list-errors")
    expect(errors).to_contain_text("fax is not one of the available choices")
    expect(errors).to_contain_text("“colour” is not a filter of this list; it was ignored.")
    with htmx_swap(page, "results"):
        page.select_option("select[name=channel_type]", "")
    expect(errors).to_be_hidden()


def test_page_size_and_numbered_pages_live_in_the_url(page, org, admin_user):
    for n in range(60):
        make_queue(org, name=f"Queue_{n:02d}")
    login(page, "admin")
    page.goto("/queues/")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(25)
    with htmx_swap(page, "results"):
        page.select_option("select[name=page_size]", "50")
    expect(rows).to_have_count(50)
    assert "page_size=50" in page.url
    with htmx_swap(page, "results"):
        page.get_by_role("link", name="Page 2", exact=True).click()
    expect(rows).to_have_count(10)
    assert "page=2" in page.url and "page_size=50" in page.url
    expect(page.locator(".page-numbers [aria-current=page]")).to_have_text("2")
    page.reload()  # the URL alone gives the same page
    expect(rows).to_have_count(10)
    expect(page.locator("select[name=page_size]")).to_have_value("50")
