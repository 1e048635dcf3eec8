"""History, Activity and restore in real Chromium: what an administrator does after a bad change."""

import pytest
from playwright.sync_api import expect

from channels.models import EntryPoint
from queues.models import Queue
from tests.factories import make_entry_point, make_flow, make_queue

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_change_a_channel_see_both_changes_in_its_history_and_restore_the_earlier_version(
    page, admin_user, org
):
    make_flow(org, name="Night_Flow")
    channel = make_entry_point(org, "chat", name="Web_Chat", flow=make_flow(org, name="Day_Flow"))
    login(page, admin_user.username)
    page.goto(channel.get_absolute_url())
    page.locator("#id_flow_picker").get_by_label("Night_Flow", exact=True).check()
    page.fill("input[name=service_level_threshold]", "90")
    page.get_by_role("button", name="Save changes", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("Channel “Web_Chat” was saved.")

    page.locator("#history-link").click()
    newest = page.locator(".history-entry").first
    expect(newest.locator(".entry-action")).to_have_text("Updated")
    expect(newest.locator(".entry-actor")).to_have_text(admin_user.username)
    expect(newest.locator(".entry-via")).to_have_text("via Console")
    flow_row = newest.locator("tr", has_text="Routing flow")
    expect(flow_row.locator(".change-before")).to_have_text("Day_Flow")
    expect(flow_row.locator(".change-after")).to_have_text("Night_Flow")
    threshold_row = newest.locator("tr", has_text="Service level threshold")
    expect(threshold_row.locator(".change-before")).to_have_text("30")
    expect(threshold_row.locator(".change-after")).to_have_text("90")

    created = page.locator(".history-entry").nth(1)
    with htmx_swap(page, "restore-dialog-body"):
        created.get_by_role("button", name="Restore this version…").click()
    dialog = page.locator("#restore-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("tr", has_text="Routing flow").locator(".change-after")).to_have_text("Day_Flow")
    dialog.get_by_role("button", name="Restore", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("“Web_Chat” was restored to version 1")
    expect(page.locator(".history-entry").first.locator(".entry-action")).to_have_text("Restored")
    channel = EntryPoint.objects.get(pk=channel.pk)
    assert (channel.flow.name, channel.service_level_threshold, channel.version) == ("Day_Flow", 30, 3)
    page.locator("#details-tab").click()
    expect(page.locator("input[name=flow]:checked")).to_have_value(str(channel.flow_id))
    expect(page.locator("input[name=service_level_threshold]")).to_have_value("30")


def test_delete_a_queue_and_restore_it_from_activity(page, admin_user, org):
    queue = make_queue(org, name="Returns_Queue", description="for returns")
    login(page, admin_user.username)
    page.goto(queue.get_absolute_url())
    page.locator("#delete-button").click()
    page.locator("#delete-dialog").get_by_role("button", name="Delete queue", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("Queue “Returns_Queue” was deleted.")

    page.locator("#nav-activity").click()
    row = page.locator("tr[data-action=deleted]", has_text="Returns_Queue")
    expect(row).to_have_count(1)
    with htmx_swap(page, "restore-dialog-body"):
        row.get_by_role("button", name="Restore…").click()
    dialog = page.locator("#restore-dialog")
    expect(dialog.locator("tr", has_text="Description").locator(".change-after")).to_have_text("for returns")
    dialog.get_by_role("button", name="Restore", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("“Returns_Queue” was restored")
    restored = Queue.objects.get(pk=queue.pk)
    assert (restored.name, restored.description) == ("Returns_Queue", "for returns")
    page.goto("/activity/")
    expect(page.locator("tr[data-action=restored]", has_text="Returns_Queue")).to_have_count(1)


def test_the_restore_confirmation_works_without_javascript(browser, live_server, admin_user, org):
    from .conftest import login as sign_in

    queue = make_queue(org, name="Plain_Queue")
    from queues.services import queue_update

    queue_update(queue=queue, version=queue.version, name="Renamed_Queue")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, admin_user.username)
    page.goto(f"{queue.get_absolute_url()}history/")
    page.locator(".history-entry").nth(1).get_by_role("button", name="Restore this version…").click()
    expect(page.locator("tr", has_text="Name").locator(".change-after")).to_have_text("Plain_Queue")
    page.get_by_role("button", name="Restore", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("was restored")
    assert Queue.objects.get(pk=queue.pk).name == "Plain_Queue"
    context.close()
