"""Must show: in the demo organization, an administrator builds a working inbound telephony channel
from nothing, in the browser alone: audio file, queue, holiday list, override list, business hours,
flow, numbers, and finally the channel."""

import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from channels.models import EntryPoint
from channels.selectors import channel_schedule
from tests.factories import wav_bytes

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "demo-journey-password-42"


def pick(page, field: str, name: str) -> None:
    """Tick the choice named `name` in the picker of `field` (the demo has fewer than twenty of each)."""
    page.locator(f"#id_{field}_picker .picker-option", has_text=name).first.locator("input").check()


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())


def saved(page) -> None:
    expect(page.locator(".alert-success")).to_be_visible()


def test_admin_builds_an_inbound_telephony_channel_from_nothing(page, demo, tmp_path):
    recording = tmp_path / "nordic-welcome.wav"
    recording.write_bytes(wav_bytes(0.4))
    login(page, "admin", DEMO_PASSWORD)
    expect(page.locator(".topbar-org")).to_have_text("Demo Contact Center")

    # 1. Audio file
    page.goto("/audio-files/")
    page.click("text=Create audio file")
    page.set_input_files("input[name=file]", str(recording))
    page.fill("#id_name", "Nordic_welcome.wav")
    page.click("#submit-button")
    saved(page)
    expect(page.locator("audio.player")).to_be_visible()

    # 2. Queue, playing that file while callers wait
    page.goto("/queues/new/")
    page.fill("#id_name", "Nordic_Support")
    # Choosing the channel type refreshes the type-dependent fields: wait for it, or the swap
    # replaces the music select chosen meanwhile.
    with htmx_swap(page, "type-fields"):
        page.select_option("#id_channel_type", "telephony")
    page.select_option("#id_routing_type", "longest_available_agent")
    pick(page, "music_in_queue", "Nordic_welcome.wav")
    page.fill("#id_service_level_threshold", "30")
    page.fill("#id_max_time_in_queue", "900")
    page.click("#submit-button")
    saved(page)

    # 3. Holiday list
    page.goto("/holiday-lists/new/")
    page.fill("#id_name", "Nordic holidays")
    row = page.locator("[data-row]").first
    row.locator("input[type=text]").fill("Christmas Eve")
    row.locator("input[type=date]").nth(0).fill("2026-12-24")
    row.locator("input[type=date]").nth(1).fill("2026-12-24")
    row.locator("input[type=checkbox]").check()
    page.click("#submit-button")
    saved(page)

    # 4. Override list
    page.goto("/override-lists/new/")
    page.fill("#id_name", "Nordic overrides")
    row = page.locator("[data-row]").first
    row.locator("input[type=text]").fill("Summer party")
    row.locator("input[type=datetime-local]").nth(0).fill("2026-06-19T12:00")
    row.locator("input[type=datetime-local]").nth(1).fill("2026-06-19T17:00")
    row.locator("select").select_option("closed")
    page.click("#submit-button")
    saved(page)

    # 5. Business hours using both lists
    page.goto("/business-hours/new/")
    page.fill("#id_name", "Nordic hours")
    row = page.locator("[data-row]").first
    row.locator("input[type=text]").fill("Weekdays")
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri"):
        row.locator("label", has_text=day).click()
    row.locator("[data-shift=start]").fill("08:00")
    row.locator("[data-shift=end]").fill("16:00")
    pick(page, "holiday_list", "Nordic holidays")
    pick(page, "override_list", "Nordic overrides")
    page.click("#submit-button")
    saved(page)
    expect(page.locator(".week-block")).to_have_count(5)

    # 6. Flow with those business hours and that queue
    page.goto("/flows/new/")
    page.fill("#id_name", "Nordic_IVR")
    pick(page, "business_hours", "Nordic hours")
    pick(page, "queue", "Nordic_Support")
    page.click("#submit-button")
    saved(page)
    expect(page.locator(".subtitle")).to_contain_text("Recommended")

    # 7. Numbers
    page.goto("/numbers/bulk/")
    page.fill("textarea[name=text]", "+45 80 90 10 20\n+45 33 90 10 20")
    page.click("button:has-text('Create support numbers')")
    expect(page.locator(".alert-success")).to_contain_text("Added 2 numbers")

    # 8. The channel
    page.goto("/channels/new/")
    page.fill("#id_name", "Nordic_Hotline")
    page.select_option("#id_channel_type", "inbound_telephony")
    expect(page.locator("#id_flow_picker")).to_be_visible()  # the telephony settings arrived
    page.fill("#id_timezone", "Europe/Oslo")
    page.fill("#id_service_level_threshold", "30")
    with htmx_swap(page, "id_flow_results"):
        page.fill("#id_flow__q", "Nordic")  # the flow picker searches as one types
    page.locator("#id_flow_picker .picker-option", has_text="Nordic_IVR").locator("input").check()
    for number in ("+45 80 90 10 20", "+45 33 90 10 20"):
        page.locator("#id_support_numbers_picker .picker-option", has_text=number).locator("input").check()
    page.click("#submit-button")
    saved(page)
    expect(page.locator("h1")).to_have_text("Nordic_Hotline")

    channel = EntryPoint.objects.get(name="Nordic_Hotline")
    assert channel.organization.name == "Demo Contact Center"
    assert (channel.channel_type, channel.active, channel.timezone) == (
        "inbound_telephony",
        True,
        "Europe/Oslo",
    )
    assert channel.flow.name == "Nordic_IVR" and channel.flow.queue.name == "Nordic_Support"
    assert channel.flow.queue.music_in_queue.name == "Nordic_welcome.wav"
    assert sorted(n.number for n in channel.support_numbers.all()) == ["+4533901020", "+4580901020"]
    # It works: open on a weekday morning, closed on the holiday and during the override.
    schedule = channel_schedule(channel)
    assert schedule.rule_at(datetime.datetime(2026, 6, 17, 9, 0))[0] is True
    assert schedule.rule_at(datetime.datetime(2026, 6, 17, 17, 0))[0] is False
    assert schedule.rule_at(datetime.datetime(2027, 12, 24, 9, 0))[2] == "Christmas Eve"
    assert schedule.rule_at(datetime.datetime(2026, 6, 19, 13, 0))[2] == "Summer party"
