"""Bulk actions in Chromium: choose rows (or all matching), review in a dialog, apply, read the result."""

import pytest
from playwright.sync_api import expect

from channels.models import EntryPoint
from channels.services import entry_point_update, system_channel_ensure
from tests.factories import make_entry_point, make_flow

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_bulk_deactivate_of_30_channels_where_2_are_refused(page, admin_user, org):
    flow = make_flow(org, name="Plain_Flow")
    channels = [make_entry_point(org, name=f"Chat_{n:02d}", flow=flow) for n in range(29)]
    system = system_channel_ensure(organization=org)
    login(page, admin_user.username)
    page.goto("/channels/")

    # The page's checkbox chooses the 25 rows shown; "All 30 matching rows" goes beyond the page.
    page.locator("[data-bulk-page]").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("25 chosen on this page")
    page.get_by_label("All 30 matching rows").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("All 30 matching rows chosen")
    page.select_option("#bulk-action", "deactivate")
    with htmx_swap(page, "bulk-dialog-slot"):
        page.click("#bulk-review")

    dialog = page.locator("dialog#bulk-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#bulk-summary")).to_contain_text("29 rows will change.")
    expect(dialog.locator("#bulk-summary")).to_contain_text("1 will be refused")
    expect(dialog.locator("tr.bulk-refused")).to_contain_text("cannot be deactivated")
    assert EntryPoint.objects.filter(active=False).count() == 0  # the review changed nothing

    # Meanwhile another administrator edits one of them: applying leaves it alone.
    entry_point_update(entry_point=channels[7], version=channels[7].version, description="edited meanwhile")
    dialog.get_by_role("button", name="Deactivate 29 channels").click()

    result = page.locator("#bulk-result")
    expect(result).to_contain_text("28 channels deactivated.")
    expect(result).to_contain_text("2 rows were refused and left as they were")
    expect(result.locator("li")).to_have_count(2)
    expect(result).to_contain_text(system.name)
    expect(result).to_contain_text("Someone else changed it after the action was reviewed")
    assert EntryPoint.objects.filter(active=False).count() == 28
    channels[7].refresh_from_db()
    assert channels[7].active


def test_cancel_closes_the_dialog_and_changes_nothing(page, admin_user, org):
    channel = make_entry_point(org, name="Keep_Me")
    login(page, admin_user.username)
    page.goto("/channels/")
    page.get_by_label("Choose Keep_Me").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("1 chosen on this page")
    page.select_option("#bulk-action", "delete")
    with htmx_swap(page, "bulk-dialog-slot"):
        page.click("#bulk-review")
    dialog = page.locator("dialog#bulk-dialog")
    expect(dialog).to_contain_text("is active. Deactivate it before deleting it.")
    expect(dialog.locator("#bulk-apply")).to_have_count(0)
    dialog.get_by_role("link", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/channels/")
    assert EntryPoint.objects.filter(pk=channel.pk).exists()
