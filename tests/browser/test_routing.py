"""Test routing in real Chromium: a viewer asks about the Danish number at several moments."""

import re

import pytest
from playwright.sync_api import expect

from tests.channels.test_routing import make_danish_line

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ask(page, *, date: str, time: str) -> None:
    page.fill("input[name=date]", date)
    page.fill("input[name=time]", time)
    page.click("#routing-submit")
    page.wait_for_load_state("networkidle")


def test_a_viewer_tests_the_danish_number(page, org, viewer_user):
    make_danish_line(org)
    login(page, viewer_user.username)
    page.click("nav.sidenav >> text=Test routing")
    expect(page).to_have_url(re.compile(r"/routing/test/$"))
    expect(page.locator("#routing-empty")).to_be_visible()

    # Christmas Eve: closed by the holiday, opening the next morning.
    page.fill("input[name=number]", "+45 33 12 34 56")
    ask(page, date="2026-12-24", time="10:00")
    expect(page).to_have_url(re.compile(r"number=%2B45\+33\+12\+34\+56&.*date=2026-12-24"))
    expect(page.locator("#routing-badge")).to_have_text("Closed")
    expect(page.locator("#routing-rule")).to_have_text("Holiday “Christmas Eve”")
    expect(page.locator("#routing-next")).to_contain_text("Opens Fri 25 Dec 2026 09:00")
    # The typed values stay in the form.
    expect(page.locator("input[name=number]")).to_have_value("+45 33 12 34 56")

    # A weekday at 08:59 and at 09:00.
    ask(page, date="2026-01-14", time="08:59")
    expect(page.locator("#routing-badge")).to_have_text("Closed")
    expect(page.locator("#routing-next")).to_have_text(re.compile(r"Opens\s+Wed 14 Jan 2026 09:00"))
    ask(page, date="2026-01-14", time="09:00")
    expect(page.locator("#routing-badge")).to_have_text("Open")
    expect(page.locator("#routing-queue")).to_have_text("Support_DK")
    expect(page.locator("#routing-summary")).to_have_text("The contact goes to the queue “Support_DK”.")

    # The autumn repeated hour: the second pass, then the first through the offered link.
    page.check("input[name=fold][value='1']")
    ask(page, date="2026-10-25", time="02:30")
    expect(page.locator("#routing-local")).to_contain_text("Sun 25 Oct 2026 02:30 UTC+01:00")
    expect(page.locator("#routing-warnings")).to_contain_text("02:30 happens twice")
    page.click("#routing-occurrences >> text=First time")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#routing-local")).to_contain_text("Sun 25 Oct 2026 02:30 UTC+02:00")
    expect(page.locator("input[name=fold][value='0']")).to_be_checked()

    # A number written wrongly: the message beside the field, the answer gone.
    page.fill("input[name=number]", "33 12 34 56")
    ask(page, date="2026-01-14", time="09:00")
    expect(page.locator("#id_number_error")).to_contain_text("in international form")
    expect(page.locator("#routing-answer")).to_have_count(0)


def test_choosing_a_channel_and_now(page, org, admin_user):
    line = make_danish_line(org)
    login(page, admin_user.username)
    page.goto("/routing/test/")
    page.select_option("select[name=entry_point]", str(line.channel.pk))
    page.click("#routing-submit")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#routing-local")).to_contain_text("(now)")
    expect(page.locator("#routing-channel")).to_contain_text("Support_Hotline")
    # The link to the exact moment answers the same again, with the date and time written out.
    page.click("#routing-permalink")
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"date=\d{4}-\d{2}-\d{2}&time=\d{2}%3A\d{2}"))
    expect(page.locator("#routing-local")).not_to_contain_text("(now)")
    expect(page.locator("#routing-channel")).to_contain_text("Support_Hotline")
