"""The object consoles in real Chromium: schedules, numbers, audio, delete guards, lists."""

import re

import pytest
from playwright.sync_api import expect

from flows.models import BusinessHours, Flow
from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_flow, make_queue, wav_bytes

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pick_days(row, *days: str) -> None:
    for day in days:
        row.locator("label", has_text=re.compile(rf"^\s*{day}\s*$")).click()


def test_schedule_with_two_shifts_overlap_named_on_both_then_fixed(page, admin_user):
    login(page, admin_user.username)
    page.goto("/business-hours/new/")
    page.fill("#id_name", "Support week")
    first = page.locator("[data-row]").nth(0)
    first.locator("input[type=text]").fill("Days")
    pick_days(first, "Mon", "Tue", "Wed", "Thu", "Fri")
    first.locator("[data-shift=start]").fill("08:00")
    first.locator("[data-shift=end]").fill("16:00")

    page.click("text=+ Add shift")  # appended in place by htmx
    second = page.locator("[data-row]").nth(1)
    expect(second.locator("input[name='shifts-1-name']")).to_be_focused()
    second.locator("input[type=text]").fill("Evenings")
    pick_days(second, "Wed")
    second.locator("[data-shift=start]").fill("15:00")
    second.locator("[data-shift=end]").fill("01:00")
    expect(second.locator("[data-overnight]")).to_be_visible()
    expect(first.locator("[data-overnight]")).to_be_hidden()

    page.click("#submit-button")
    errors = page.locator(".row-errors")
    expect(errors).to_have_count(2)
    for index in range(2):
        expect(errors.nth(index)).to_contain_text("“Days”")
        expect(errors.nth(index)).to_contain_text("“Evenings”")
        expect(errors.nth(index)).to_contain_text("Wednesday")
    assert not BusinessHours.objects.exists()
    # Everything typed is still there.
    expect(page.locator("input[name='shifts-1-start']")).to_have_value("15:00")

    page.locator("input[name='shifts-1-start']").fill("16:00")
    page.click("#submit-button")
    expect(page.locator("h1")).to_have_text("Support week")
    expect(page.locator(".alert-success")).to_contain_text("was created")
    expect(page.locator(".week-block")).to_have_count(7)  # 5 day shifts, Wednesday evening, its spill
    expect(page.locator(".week-col[data-day=thu] .week-block.spill")).to_contain_text("Evenings")
    schedule = BusinessHours.objects.get(name="Support week")
    assert sorted((s.name, s.start_minute, s.end_minute) for s in schedule.shifts.all()) == [
        ("Days", 480, 960),
        ("Evenings", 960, 60),
    ]


def test_remove_a_shift_in_place(page, admin_user):
    login(page, admin_user.username)
    page.goto("/business-hours/new/")
    page.fill("#id_name", "Short week")
    page.click("text=+ Add shift")
    page.click("text=+ Add shift")  # at once: the second request waits for the first (hx-sync)
    expect(page.locator("[data-row]")).to_have_count(3)
    names = page.locator("[data-row] input[type=text]").evaluate_all("inputs => inputs.map(i => i.name)")
    assert names == ["shifts-0-name", "shifts-1-name", "shifts-2-name"]
    for index, (name, day) in enumerate([("Keep", "Mon"), ("Drop", "Mon"), ("Also", "Tue")]):
        row = page.locator("[data-row]").nth(index)
        row.locator("input[type=text]").fill(name)
        pick_days(row, day)
        row.locator("[data-shift=start]").fill("09:00")
        row.locator("[data-shift=end]").fill("12:00")
    page.locator("[data-row]").nth(1).locator("[data-remove-row]").click()
    expect(page.locator("[data-row]")).to_have_count(2)
    page.click("#submit-button")
    expect(page.locator(".alert-success")).to_be_visible()
    assert sorted(s.name for s in BusinessHours.objects.get().shifts.all()) == ["Also", "Keep"]


def test_three_numbers_one_invalid_is_refused_and_kept(page, admin_user):
    login(page, admin_user.username)
    page.goto("/numbers/")
    page.click("text=Paste many")
    page.fill("textarea[name=text]", "+45 33 12 34 56\n+45 12 34\n0045 80 20 30 40\n")
    page.click("button:has-text('Create support numbers')")
    expect(page.locator("#added-numbers li")).to_have_count(2)
    expect(page.locator("#refused-lines li")).to_have_count(1)
    expect(page.locator("#refused-lines")).to_contain_text("+45 12 34")
    expect(page.locator("#refused-lines")).to_contain_text("not a valid number")
    expect(page.locator("textarea[name=text]")).to_have_value("+45 12 34")
    assert sorted(SupportNumber.objects.values_list("number", flat=True)) == ["+4533123456", "+4580203040"]


def test_upload_a_wav_and_a_non_wav(page, admin_user, tmp_path):
    good = tmp_path / "welcome.wav"
    good.write_bytes(wav_bytes(0.5))
    bad = tmp_path / "notes.wav"
    bad.write_bytes(b"This is a text file pretending to be audio.")
    login(page, admin_user.username)
    page.goto("/audio-files/new/")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#submit-button")
    expect(page.locator("#field-file .errorlist")).to_contain_text("not a WAV file")

    page.set_input_files("input[name=file]", str(good))
    page.fill("#id_name", "")
    page.click("#submit-button")
    expect(page.locator("h1")).to_have_text("welcome.wav")
    player = page.locator("audio.player")
    expect(player).to_be_visible()
    duration = player.evaluate(
        "audio => new Promise(done => audio.readyState >= 1 ? done(audio.duration)"
        " : audio.addEventListener('loadedmetadata', () => done(audio.duration)))"
    )
    assert round(duration, 1) == 0.5  # the browser really decoded the served file

    page.fill("#id_name", "Welcome message.wav")
    page.click("#submit-button")
    expect(page.locator("h1")).to_have_text("Welcome message.wav")


def test_deleting_a_flow_used_by_a_channel_names_the_channel(page, admin_user, org):
    """A blocked delete is the same everywhere: the button disabled, the reason beside it, and the
    server refusing when the button is forced on."""
    flow = make_flow(org, name="Main_IVR")
    make_entry_point(org, "chat", name="Website_chat", flow=flow)
    login(page, admin_user.username)
    page.goto("/flows/")
    page.click("text=Main_IVR")
    delete = page.locator("#delete-button")
    expect(delete).to_be_disabled()
    expect(delete).to_have_text("Delete flow")
    expect(page.locator("#delete-blocked")).to_have_text(
        "Used by channel “Website_chat”: it cannot be deleted until nothing uses it."
    )
    expect(delete).to_have_attribute("aria-describedby", "delete-blocked")
    delete.evaluate("button => button.disabled = false")
    delete.click()
    expect(page.locator(".alert-danger")).to_contain_text("Website_chat")
    assert Flow.objects.filter(pk=flow.pk).exists()
    # The dialog (without JavaScript: ?delete=1) lists what uses it and offers no delete.
    page.goto(f"{flow.get_absolute_url()}?delete=1")
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("It cannot be deleted while other objects use it")
    expect(dialog.locator("a", has_text="Website_chat")).to_be_visible()
    expect(dialog.locator("button.btn-danger")).to_have_count(0)
    dialog.locator("button", has_text="Close").click()
    expect(dialog).to_be_hidden()


def test_search_as_you_type_keeps_the_url_in_sync(page, admin_user, org):
    for name in ("Sales_DK", "Sales_SE", "Support_DK"):
        make_queue(org, name=name)
    login(page, admin_user.username)
    page.goto("/queues/")
    page.fill("input[name=q]", "sales")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/queues/\?(.*&)?q=sales"))
    page.select_option("select[name=queue_type]", "outbound")
    expect(page.locator("#results .empty-state")).to_contain_text("No queue matches")
    page.go_back()
    page.reload()
    expect(page.locator("input[name=q]")).to_have_value("sales")
    expect(page.locator("#results tbody tr")).to_have_count(2)


def test_queue_type_fields_follow_the_choice(page, admin_user):
    login(page, admin_user.username)
    page.goto("/queues/new/")
    page.fill("#id_name", "Dialer")
    page.select_option("#id_channel_type", "chat")
    expect(page.locator("#music-note")).to_be_visible()
    page.locator("label", has_text="Outbound").click()
    expect(page.locator("#id_channel_type option")).to_have_count(1)
    expect(page.locator("#id_music_in_queue_picker")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Dialer")


def test_viewer_sees_no_controls(page, viewer_user, org):
    make_queue(org, name="Support")
    login(page, viewer_user.username)
    page.goto("/queues/")
    expect(page.locator("text=Create queue")).to_have_count(0)
    page.get_by_role("link", name="Support", exact=True).click()
    expect(page.locator("#id_name")).to_be_disabled()
    expect(page.locator("#submit-button")).to_have_count(0)
    expect(page.locator("#delete-button")).to_have_count(0)
