"""The Channels console in real Chromium: what an administrator and a viewer actually do."""

import re

import pytest
from playwright.sync_api import expect

from channels.models import EntryPoint
from channels.services import entry_point_update
from support_numbers.models import SupportNumber
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_number,
    make_outbound_queue,
    make_strategy,
)

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup(org):
    """What channels refer to: flows (one with business hours, one strategy), a queue, audio, numbers."""
    return {
        "hours_flow": make_flow(
            org, name="Office_Flow", business_hours=make_business_hours(org, name="Office")
        ),
        "flow": make_flow(org, name="Plain_Flow"),
        "strategy": make_strategy(org, name="Old_Strategy"),
        "queue": make_outbound_queue(org, name="Dialer"),
        "music": make_audio(org, "hold.wav"),
        "number": make_number(org, "+45 33 12 34 56", description="Main line"),
    }


def choose_type(page, channel_type: str) -> None:
    """Pick a channel type and wait for htmx to swap in its fields."""
    with htmx_swap(page, "type-fields"):
        page.select_option("select[name=channel_type]", channel_type)


def choose_flow(page, label: str) -> None:
    """Tick the flow picker's choice labelled `label` (about twenty are listed; the search finds the rest)."""
    page.locator("#id_flow_picker").get_by_label(label, exact=True).check()


def choose(page, field: str, name: str) -> None:
    page.locator(f"#id_{field}_picker .picker-option", has_text=name).first.locator("input").check()


CHANNELS = [
    ("Chat_Web", "chat", {}),
    ("Support_Mail", "email", {}),
    ("Fb_Messenger", "social", {"social_channel_type": "facebook_messenger"}),
    ("Text_Messages", "social", {"social_channel_type": "sms"}),
    ("Whats_App", "social", {"social_channel_type": "whatsapp"}),
    ("Hotline", "inbound_telephony", {}),
    ("Dial_Out", "outbound_telephony", {}),
]


def test_admin_creates_one_channel_of_every_type(page, admin_user, org, setup):
    login(page, admin_user.username)
    for name, channel_type, extra in CHANNELS:
        page.goto("/channels/new/")
        page.fill("input[name=name]", name)
        page.fill("textarea[name=description]", f"{channel_type} channel")
        choose_type(page, channel_type)
        expect(page.locator("input[name=timezone]")).to_have_value(org.timezone)
        page.fill("input[name=service_level_threshold]", "120")
        expect(page.locator("[data-duration-output]")).to_have_text("= 2 min")
        if "social_channel_type" in extra:
            page.select_option("select[name=social_channel_type]", extra["social_channel_type"])
        if channel_type == "outbound_telephony":
            with htmx_swap(page, "type-fields"):
                choose_flow(page, "Plain_Flow")
            choose(page, "outdial_queue", "Dialer")
            choose(page, "music_on_hold", "hold.wav")
        else:
            choose_flow(page, "Office_Flow (recommended)")
        if channel_type == "inbound_telephony":
            page.get_by_label("+45 33 12 34 56").check()
        page.get_by_role("button", name="Create channel", exact=True).click()
        expect(page.locator(".alert-success")).to_have_text(f"Channel “{name}” was created.")
        expect(page.locator("h1")).to_have_text(name)

    created = {c.name: c for c in EntryPoint.objects.filter(organization=org, is_system=False)}
    assert set(created) == {name for name, _type, _extra in CHANNELS}
    for name, channel_type, extra in CHANNELS:
        channel = created[name]
        assert channel.channel_type == channel_type and channel.service_level_threshold == 120
        assert channel.social_channel_type == extra.get("social_channel_type", "")
    assert created["Dial_Out"].outdial_queue == setup["queue"]
    assert created["Dial_Out"].music_on_hold == setup["music"]
    assert list(created["Hotline"].support_numbers.all()) == [setup["number"]]

    page.goto("/channels/")
    rows = page.locator("table.channel-list tbody tr")
    expect(rows).to_have_count(len(CHANNELS) + 1)  # and the system channel
    expect(page.locator("tr", has_text="Outdial Transfer to Queue").locator(".badge-blue")).to_have_text(
        "System"
    )


def test_dependent_fields_appear_and_disappear_as_the_type_changes(page, admin_user, org, setup):
    login(page, admin_user.username)
    page.goto("/channels/new/")
    page.fill("input[name=name]", "Typed_Name")
    page.fill("textarea[name=description]", "typed description")
    expect(page.locator("input[name=timezone]")).to_have_count(0)

    choose_type(page, "social")
    expect(page.locator("select[name=social_channel_type]")).to_be_visible()
    page.fill("input[name=timezone]", "Europe/Oslo")
    page.fill("input[name=service_level_threshold]", "3600")
    expect(page.locator("[data-duration-output]")).to_have_text("= 1 h")

    choose_type(page, "chat")
    expect(page.locator("select[name=social_channel_type]")).to_have_count(0)
    # Everything typed survives the swap: outside it and inside it.
    expect(page.locator("input[name=name]")).to_have_value("Typed_Name")
    expect(page.locator("textarea[name=description]")).to_have_value("typed description")
    expect(page.locator("input[name=timezone]")).to_have_value("Europe/Oslo")
    expect(page.locator("input[name=service_level_threshold]")).to_have_value("3600")
    expect(page.locator("input[name=service_level_threshold]")).to_have_attribute("max", "86400")
    expect(page.locator("#id_flow_picker .picker-option", has_text="Old_Strategy")).to_have_count(0)

    choose_type(page, "inbound_telephony")
    expect(page.get_by_label("+45 33 12 34 56")).to_be_visible()
    expect(page.locator("#id_outdial_queue_picker")).to_have_count(0)

    choose_type(page, "outbound_telephony")
    expect(page.locator("input[name=support_numbers]")).to_have_count(0)
    expect(page.locator("#id_outdial_queue_picker")).to_be_visible()
    expect(page.locator("#id_music_on_hold_picker")).to_be_visible()
    with htmx_swap(page, "type-fields"):
        choose_flow(page, "Old_Strategy (routing strategy)")
    expect(page.locator("#strategy-note")).to_contain_text(
        "A routing strategy doesn't allow customizing music or the outdial queue; use a flow"
    )
    expect(page.locator("#id_outdial_queue_picker")).to_have_count(0)
    with htmx_swap(page, "type-fields"):
        choose_flow(page, "Plain_Flow")
    expect(page.locator("#id_outdial_queue_picker")).to_be_visible()
    expect(page.locator(f"input[name=flow][value='{setup['flow'].pk}']")).to_be_checked()
    expect(page.locator("input[name=name]")).to_have_value("Typed_Name")
    assert not EntryPoint.objects.filter(name="Typed_Name").exists()


def test_an_81_character_name_is_refused_with_everything_kept(page, admin_user, setup):
    login(page, admin_user.username)
    page.goto("/channels/new/")
    long_name = "N" * 81
    page.fill("input[name=name]", long_name)
    page.fill("textarea[name=description]", "keep me")
    choose_type(page, "email")
    page.fill("input[name=service_level_threshold]", "600")
    choose_flow(page, "Plain_Flow")
    page.get_by_role("button", name="Create channel", exact=True).click()
    expect(page.locator("#field-name .errorlist")).to_have_text(
        "The name can be at most 80 characters long (it has 81)."
    )
    expect(page.locator("input[name=name]")).to_have_value(long_name)
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("textarea[name=description]")).to_have_value("keep me")
    expect(page.locator("select[name=channel_type]")).to_have_value("email")
    expect(page.locator("input[name=service_level_threshold]")).to_have_value("600")
    expect(page.locator(f"input[name=flow][value='{setup['flow'].pk}']")).to_be_checked()
    # Fix the name and the same form saves.
    page.fill("input[name=name]", "Fixed_Name")
    page.get_by_role("button", name="Create channel", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Fixed_Name")


def test_edit_shows_the_type_locked_and_saves(page, admin_user, org, setup):
    channel = make_entry_point(
        org, "social", name="Social_One", social_channel_type="sms", flow=setup["flow"]
    )
    login(page, admin_user.username)
    page.goto("/channels/")
    page.get_by_role("link", name="Social_One").click()
    expect(page.locator("select[name=channel_type]")).to_have_count(0)
    expect(page.locator("#readonly-channel-type")).to_have_text("Social")
    expect(page.locator("select[name=social_channel_type]")).to_have_value("sms")
    page.fill("textarea[name=description]", "edited in the browser")
    page.get_by_role("button", name="Save changes", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("Channel “Social_One” was saved.")
    expect(page.locator("#record-version")).to_have_text("2")
    channel.refresh_from_db()
    assert channel.description == "edited in the browser" and channel.channel_type == "social"


def test_a_concurrent_change_shows_a_conflict_and_keeps_the_typed_values(page, admin_user, org, setup):
    channel = make_entry_point(org, "chat", name="Shared_Chat", flow=setup["flow"])
    login(page, admin_user.username)
    page.goto(channel.get_absolute_url())
    entry_point_update(entry_point=channel, version=channel.version, description="saved by someone else")
    page.fill("textarea[name=description]", "my unsaved words")
    page.get_by_role("button", name="Save changes", exact=True).click()
    expect(page.locator(".conflict")).to_contain_text("Someone else saved this in the meantime.")
    expect(page.locator("textarea[name=description]")).to_have_value("my unsaved words")
    page.get_by_role("link", name="Reload their version").click()
    expect(page.locator("textarea[name=description]")).to_have_value("saved by someone else")


def test_delete_is_refused_while_active_then_deactivate_and_delete_through_the_dialog(
    page, admin_user, org, setup
):
    channel = make_entry_point(org, "inbound_telephony", name="Old_Hotline", flow=setup["flow"])
    number = setup["number"]
    SupportNumber.objects.filter(pk=number.pk).update(entry_point=channel)
    login(page, admin_user.username)
    page.goto(channel.get_absolute_url())

    delete = page.locator("#delete-button")
    expect(delete).to_be_disabled()
    expect(page.locator("#delete-blocked")).to_have_text(
        "An active channel cannot be deleted. Deactivate it first."
    )
    # The server refuses too, even if the button is forced on.
    delete.evaluate("button => button.disabled = false")
    delete.click()
    expect(page.locator(".alert-danger")).to_contain_text("is active. Deactivate it before deleting it.")
    assert EntryPoint.objects.filter(pk=channel.pk).exists()

    page.get_by_role("button", name="Deactivate").click()
    expect(page.locator("#status-badge")).to_have_text("Inactive")
    page.locator("#delete-button").click()
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#dialog-numbers")).to_contain_text("+45 33 12 34 56")
    confirm = dialog.get_by_role("button", name="Delete channel")
    expect(confirm).to_be_disabled()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()

    page.locator("#delete-button").click()
    dialog.get_by_label("Release these numbers").check()
    expect(confirm).to_be_enabled()
    confirm.click()
    expect(page).to_have_url(re.compile(r"/channels/$"))
    expect(page.locator(".alert-success")).to_have_text("Channel “Old_Hotline” was deleted.")
    expect(page.get_by_role("link", name="Old_Hotline")).to_have_count(0)
    number.refresh_from_db()
    assert number.entry_point is None


def test_search_filters_and_sort_keep_the_url_in_sync(page, admin_user, org, setup):
    make_entry_point(org, "chat", name="Alpha_Chat", flow=setup["flow"])
    make_entry_point(org, "email", name="Beta_Mail", description="alpha team inbox", flow=setup["flow"])
    make_entry_point(org, "email", name="Gamma_Mail", flow=setup["flow"])
    login(page, admin_user.username)
    page.goto("/channels/")
    page.get_by_role("link", name="Name").click()  # sort descending
    expect(page).to_have_url(re.compile(r"sort=-name"))
    page.fill("input[name=q]", "alpha")
    expect(page).to_have_url(re.compile(r"\?q=alpha&sort=-name$"))
    expect(page.locator("table.channel-list tbody tr")).to_have_count(2)
    names = page.locator("table.channel-list tbody .row-title")
    expect(names).to_have_text(["Beta_Mail", "Alpha_Chat"])
    page.select_option("select[name=channel_type]", "email")
    expect(page).to_have_url(re.compile(r"channel_type=email"))
    expect(names).to_have_text(["Beta_Mail"])
    page.reload()
    expect(page.locator("input[name=q]")).to_have_value("alpha")
    expect(names).to_have_text(["Beta_Mail"])
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"channel_type=email"))
    page.fill("input[name=q]", "nothing-matches")
    expect(page.locator("#results")).to_contain_text("No channels match")


def test_viewer_finds_no_way_to_change_anything(page, viewer_user, org, setup):
    channel = make_entry_point(
        org, "outbound_telephony", name="Outbound_One", flow=setup["flow"], outdial_queue=setup["queue"]
    )
    login(page, viewer_user.username)
    expect(page.locator(".usermenu summary .badge")).to_have_text("Viewer (read-only)")
    expect(page.get_by_role("link", name="Create channel")).to_have_count(0)
    page.get_by_role("link", name="Outbound_One").click()
    expect(page.locator(".readonly-banner")).to_be_visible()
    for control in page.locator(
        "#entrypoint-form input:not([type=hidden]), #entrypoint-form select, #entrypoint-form textarea"
    ).all():
        expect(control).to_be_disabled()
    expect(page.locator("#entrypoint-form button")).to_have_count(0)
    for name in ("Save changes", "Deactivate", "Activate", "Delete channel"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    page.goto("/channels/new/")
    expect(page.locator("h1")).to_have_text("You can't do that")
    page.goto("/channels/")
    page.get_by_role("link", name="Outdial Transfer to Queue").click()
    expect(page.locator("#entrypoint-form button")).to_have_count(0)
    channel.refresh_from_db()
    assert channel.version == 1


def test_without_javascript_the_form_and_the_delete_dialog_still_work(
    browser, live_server, admin_user, org, setup
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, admin_user.username)
        page.goto("/channels/new/")
        page.fill("input[name=name]", "No_Script")
        page.select_option("select[name=channel_type]", "inbound_telephony")
        page.get_by_role("button", name="Update fields").click()  # a full re-render, nothing saved
        expect(page.locator("input[name=name]")).to_have_value("No_Script")
        page.fill("input[name=service_level_threshold]", "45")
        choose_flow(page, "Plain_Flow")
        page.get_by_label("+45 33 12 34 56").check()
        page.get_by_role("button", name="Create channel", exact=True).click()
        expect(page.locator(".alert-success")).to_have_text("Channel “No_Script” was created.")

        page.get_by_role("button", name="Deactivate").click()
        page.get_by_role("button", name="Delete channel").click()  # a link to ?delete=1 that opens the dialog
        dialog = page.locator("#delete-dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="Delete channel").click()
        expect(page.locator(".alert-danger")).to_contain_text("Release them to delete the channel")
        page.get_by_role("button", name="Delete channel").click()
        dialog.get_by_label("Release these numbers").check()
        dialog.get_by_role("button", name="Delete channel").click()
        expect(page.locator(".alert-success")).to_have_text("Channel “No_Script” was deleted.")
    finally:
        context.close()
    assert not EntryPoint.objects.filter(name="No_Script").exists()


def test_the_number_picker_searches_thousands_of_numbers_by_keyboard(page, admin_user, org, setup):
    """2,000 free numbers: about twenty are listed with a count (which stops past a thousand); typing finds
    one; the keyboard picks it, and a ticked number stays ticked (and first) through the next search."""
    SupportNumber.objects.bulk_create(
        SupportNumber(organization=org, number=f"+4533{200000 + n:06d}", description=f"Line {n}")
        for n in range(2000)
    )
    login(page, admin_user.username)
    page.goto("/channels/new/")
    page.fill("input[name=name]", "Many_Numbers")
    choose_type(page, "inbound_telephony")
    picker = page.locator("#id_support_numbers_picker")
    expect(picker.locator(".picker-count")).to_contain_text("More than 1,000 numbers to choose from")
    expect(picker.locator(".picker-option")).to_have_count(20)
    search = page.get_by_label("Find a number")
    with htmx_swap(page, "id_support_numbers_results"):
        search.fill("33 20 17 77")
    expect(picker.locator(".picker-option")).to_have_count(1)
    search.press("ArrowDown")
    expect(picker.locator(".picker-results input").first).to_be_focused()
    page.keyboard.press("Space")
    with htmx_swap(page, "id_support_numbers_results"):
        search.fill("Line 42")
    options = picker.locator(".picker-option")
    expect(options.first).to_contain_text("+45 33 20 17 77")
    expect(options.first.locator("input")).to_be_checked()
    options.nth(1).locator("input").check()
    search.press("Enter")  # searches; it does not submit the form
    expect(page.locator("h1")).to_have_text("Create channel")
    page.fill("input[name=service_level_threshold]", "30")
    choose_flow(page, "Plain_Flow")
    page.get_by_role("button", name="Create channel", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("Channel “Many_Numbers” was created.")
    numbers = set(
        EntryPoint.objects.get(name="Many_Numbers").support_numbers.values_list("number", flat=True)
    )
    assert "+4533201777" in numbers and len(numbers) == 2
