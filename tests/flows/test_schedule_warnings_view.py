"""The schedule checks panel of the business-hours page: flows.checks warnings on the saved schedule."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)

pytestmark = pytest.mark.django_db

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS = EVERY_DAY[:5]
# Monday 1 December 2025, 12:00 in Copenhagen.
NOW = datetime.datetime(2025, 12, 1, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """ "Now" for the checks only: sessions keep the real clock."""
    monkeypatch.setattr("flows.views.timezone", SimpleNamespace(now=lambda: NOW))


def page(client, schedule):
    response = client.get(reverse("flows:businesshours-detail", kwargs={"pk": schedule.pk}))
    assert response.status_code == 200
    return response.content.decode()


def checks_panel(body: str) -> str:
    match = re.search(r'<section class="card panel below-form schedule-checks".*?</section>', body, re.S)
    assert match
    return match.group(0)


def warnings_in(body: str) -> list[tuple[str, str]]:
    """(code, text) of each warning shown."""
    return [
        (code, re.sub(r"<[^>]+>", " ", html).strip())
        for code, html in re.findall(
            r'<li class="note note-warning" data-code="([a-z_]+)">(.*?)</li>', checks_panel(body), re.S
        )
    ]


def test_a_clean_schedule_says_there_is_nothing_to_fix(admin_client, org):
    schedule = make_business_hours(
        org, shifts=[{"name": "Always", "weekdays": EVERY_DAY, "start_minute": 480, "end_minute": 1200}]
    )
    panel = checks_panel(page(admin_client, schedule))
    assert 'id="no-schedule-warnings"' in panel
    assert "checked as of today in Europe/Copenhagen, the organization’s time zone" in panel
    assert "count-pill" not in panel


def test_weekdays_without_any_shift(admin_client, org):
    schedule = make_business_hours(org)  # Monday to Friday
    [(code, message)] = warnings_in(page(admin_client, schedule))
    assert code == "weekdays_without_shift"
    assert "Weekdays without shifts" in message
    assert "No shift on Saturday, Sunday: the contact center is closed all day" in message


def test_holiday_on_days_without_shifts_and_override_in_the_past(admin_client, org):
    holidays = make_holiday_list(
        org,
        holidays=[
            # Saturday 6 and Sunday 7 December 2025: nothing to close.
            {
                "name": "Weekend fair",
                "start_date": datetime.date(2025, 12, 6),
                "end_date": datetime.date(2025, 12, 7),
            },
            {
                "name": "Christmas",
                "start_date": datetime.date(2025, 12, 24),
                "end_date": datetime.date(2025, 12, 26),
            },
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": "Storm",
                "start": datetime.datetime(2025, 11, 3, 8, 0),
                "end": datetime.datetime(2025, 11, 3, 12, 0),
                "state": "closed",
            },
            {
                "name": "Staff party",
                "start": datetime.datetime(2025, 12, 19, 12, 0),
                "end": datetime.datetime(2025, 12, 19, 23, 0),
                "state": "closed",
            },
        ],
    )
    schedule = make_business_hours(org, holiday_list=holidays, override_list=overrides)
    found = dict(warnings_in(page(admin_client, schedule)))
    assert set(found) == {"weekdays_without_shift", "holiday_on_closed_days", "override_in_past"}
    assert (
        "Holiday “Weekend fair” (6 Dec 2025 – 7 Dec 2025) falls only on days without shifts"
        in found["holiday_on_closed_days"]
    )
    assert (
        "Override “Storm” ended on Mon 3 Nov 2025 12:00; it no longer has any effect."
        in found["override_in_past"]
    )
    assert "Christmas" not in str(found) and "Staff party" not in str(found)


def test_clock_change_cutting_a_shift_names_the_zone(admin_client, org):
    schedule = make_business_hours(
        org, shifts=[{"name": "Night", "weekdays": EVERY_DAY, "start_minute": 0, "end_minute": 360}]
    )
    [(code, spring), (code_too, autumn)] = warnings_in(page(admin_client, schedule))
    assert code == code_too == "clock_change_in_shift"
    assert "Clock change during a shift" in spring and "Europe/Copenhagen" in spring
    assert "Shift “Night” loses 02:00–03:00 on Sun 29 Mar 2026: the clocks go forward" in spring
    assert "Shift “Night” runs 02:00–03:00 twice on Sun 25 Oct 2026: the clocks go back" in autumn


def test_clock_changes_are_also_checked_in_the_zones_of_the_channels_that_follow_it(admin_client, org):
    schedule = make_business_hours(
        org, shifts=[{"name": "Night", "weekdays": EVERY_DAY, "start_minute": 0, "end_minute": 360}]
    )
    flow = make_flow(org, business_hours=schedule)
    make_entry_point(org, flow=flow, timezone="America/New_York")
    make_entry_point(org, flow=flow, timezone="Asia/Kolkata")  # no DST: nothing to add
    make_entry_point(org, flow=flow, timezone="Europe/Copenhagen")
    body = page(admin_client, schedule)
    panel = checks_panel(body)
    assert (
        "Clock changes are also checked in the time zones of the channels that follow it: America/New_York, Asia/Kolkata."
        in panel
    )
    found = warnings_in(body)
    assert [code for code, _ in found] == ["clock_change_in_shift"] * 4
    assert all("Europe/Copenhagen" in message for _, message in found[:2])
    assert all("America/New_York" in message for _, message in found[2:])
    assert "Sun 8 Mar 2026" in found[2][1] and "Sun 1 Nov 2026" in found[3][1]
    assert '<span class="count-pill">4</span>' in panel


def test_viewer_sees_the_checks(viewer_client, org):
    schedule = make_business_hours(org)
    assert [code for code, _ in warnings_in(page(viewer_client, schedule))] == ["weekdays_without_shift"]


def test_not_on_the_new_schedule_page(admin_client):
    body = admin_client.get(reverse("flows:businesshours-new")).content.decode()
    assert "schedule-checks" not in body


def test_a_refused_save_shows_the_checks_of_the_stored_schedule(admin_client, org):
    schedule = make_business_hours(org, name="Office")
    response = admin_client.post(
        reverse("flows:businesshours-detail", kwargs={"pk": schedule.pk}),
        {
            "name": "Office",
            "version": schedule.version,
            "shifts-TOTAL_FORMS": "2",
            "shifts-INITIAL_FORMS": "0",
            "shifts-0-name": "A",
            "shifts-0-weekdays": EVERY_DAY,
            "shifts-0-start": "08:00",
            "shifts-0-end": "12:00",
            "shifts-1-name": "B",
            "shifts-1-weekdays": EVERY_DAY,
            "shifts-1-start": "11:00",
            "shifts-1-end": "13:00",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "overlap" in body  # refused
    assert [code for code, _ in warnings_in(body)] == ["weekdays_without_shift"]  # the stored Monday–Friday


def test_outsider_gets_404(outsider_client, org):
    schedule = make_business_hours(org)
    assert (
        outsider_client.get(reverse("flows:businesshours-detail", kwargs={"pk": schedule.pk})).status_code
        == 404
    )
