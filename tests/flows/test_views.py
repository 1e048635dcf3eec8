"""The consoles of flows, business hours, holiday lists and override lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from flows.services import business_hours_update
from flows.views import week_view
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
    make_queue,
    make_strategy,
)

pytestmark = pytest.mark.django_db

RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def url(name: str, obj=None) -> str:
    return reverse(f"flows:{name}", kwargs={"pk": obj.pk} if obj is not None else None)


def names(response) -> list[str]:
    return [obj.name for obj in response.context["object_list"]]


def rows(prefix: str, *items: dict, total: int | None = None) -> dict:
    """Formset POST data: the management form and each row's fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(total if total is not None else len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def shift(name="Weekdays", weekdays=WEEKDAYS, start="09:00", end="17:00") -> dict:
    return {"name": name, "weekdays": list(weekdays), "start": start, "end": end}


def hours_data(*shifts: dict, **fields) -> dict:
    return {"name": "Office hours", "description": "", **fields, **rows("shifts", *shifts)}


# Flows


def flow_data(**fields) -> dict:
    return {
        "name": "Main_IVR",
        "description": "",
        "kind": "flow",
        "business_hours": "",
        "queue": "",
        **fields,
    }


def test_flow_list_search_filters_sort_and_org_isolation(admin_client, org, other_org):
    hours = make_business_hours(org)
    make_flow(org, name="With_hours", business_hours=hours)
    make_strategy(org, name="Old_strategy", description="legacy one")
    make_flow(other_org, name="Foreign_flow")
    assert names(admin_client.get(url("flow-list"))) == ["Old_strategy", "With_hours"]
    assert names(admin_client.get(url("flow-list"), {"q": "LEGACY"})) == ["Old_strategy"]
    assert names(admin_client.get(url("flow-list"), {"kind": "routing_strategy"})) == ["Old_strategy"]
    assert names(admin_client.get(url("flow-list"), {"business_hours": "yes"})) == ["With_hours"]
    assert names(admin_client.get(url("flow-list"), {"sort": "-name"})) == ["With_hours", "Old_strategy"]
    response = admin_client.get(url("flow-list"), {"q": "with"}, **RESULTS)
    assert b"<html" not in response.content and b"Recommended" in response.content


def test_flow_usage_filter(admin_client, org):
    used = make_flow(org, name="Used")
    make_flow(org, name="Idle")
    make_entry_point(org, "chat", flow=used)
    assert names(admin_client.get(url("flow-list"), {"usage": "used"})) == ["Used"]
    assert names(admin_client.get(url("flow-list"), {"usage": "unused"})) == ["Idle"]


def test_admin_creates_a_flow_with_the_organizations_schedule_and_queue(admin_client, org):
    hours, queue = make_business_hours(org), make_queue(org)
    response = admin_client.post(
        url("flow-new"), flow_data(business_hours=str(hours.pk), queue=str(queue.pk))
    )
    flow = Flow.objects.get(name="Main_IVR")
    assert response.status_code == 302 and response["Location"] == url("flow-detail", flow)
    assert (flow.business_hours, flow.queue, flow.recommended) == (hours, queue, True)


def test_flow_refuses_another_organizations_schedule_and_queue(admin_client, org, other_org):
    response = admin_client.post(
        url("flow-new"),
        flow_data(business_hours=str(make_business_hours(other_org).pk), queue=str(make_queue(other_org).pk)),
    )
    form = response.context["form"]
    assert "Select a valid choice" in form.errors["business_hours"][0]
    assert "Select a valid choice" in form.errors["queue"][0]
    assert not Flow.objects.filter(organization=org).exists()


def test_choosing_routing_strategy_shows_the_legacy_note(admin_client, org):
    partial = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "kind-fields"}
    response = admin_client.post(url("flow-new"), flow_data(kind="routing_strategy", _refresh="1"), **partial)
    assert b"<html" not in response.content
    assert b"Routing strategies are the legacy way to route." in response.content
    response = admin_client.post(url("flow-new"), flow_data(kind="flow", _refresh="1"), **partial)
    assert b"legacy way" not in response.content
    assert not Flow.objects.exists()


def test_flow_stale_version_keeps_typed_values(admin_client, org):
    flow = make_flow(org, name="Main_IVR")
    stale = flow.version
    flow.description = "theirs"
    flow.save()
    response = admin_client.post(url("flow-detail", flow), flow_data(description="mine", version=str(stale)))
    assert response.context["conflict"] is not None
    assert response.context["form"]["description"].value() == "mine"
    flow.refresh_from_db()
    assert flow.description == "theirs"


def test_flow_used_by_a_channel_cannot_be_deleted_and_names_the_channel(admin_client, org):
    flow = make_flow(org)
    channel = make_entry_point(org, "chat", name="Web_chat", flow=flow)
    page = admin_client.get(url("flow-detail", flow)).content.decode()
    dialog = page[page.index('id="delete-dialog"') :]
    assert "Web_chat" in dialog and channel.get_absolute_url() in dialog
    response = admin_client.post(url("flow-delete", flow), {"version": flow.version}, follow=True)
    assert Flow.objects.filter(pk=flow.pk).exists()
    assert "channel “Web_chat”" in response.content.decode()


def test_the_flow_page_reads_each_thing_once(admin_client, org):
    """Signed in (the session, the user, the membership with its organization: 3), the flow with its
    business hours and queue (1), the channels that use it, listed in Used by and in the delete dialog
    (1), each picker's rows with the count of its matches (2), however many channels use it."""
    flow = make_flow(org, business_hours=make_business_hours(org), queue=make_queue(org))
    for _ in range(3):
        make_entry_point(org, "chat", flow=flow)
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(url("flow-detail", flow)).content.decode()
    assert len(queries) == 7, "\n".join(query["sql"] for query in queries)
    assert page.count('<span class="badge badge-grey">Channel</span>') == 6  # the panel and the dialog


def test_unused_flow_is_deleted(admin_client, org):
    flow = make_flow(org)
    response = admin_client.post(url("flow-delete", flow), {"version": flow.version})
    assert response["Location"] == url("flow-list")
    assert not Flow.objects.filter(pk=flow.pk).exists()


# Business hours


def test_create_business_hours_with_two_shifts_one_overnight(admin_client, org):
    holidays, overrides = make_holiday_list(org), make_override_list(org)
    data = hours_data(
        shift(),
        shift("Night", ["fri"], "22:00", "02:00"),
        holiday_list=str(holidays.pk),
        override_list=str(overrides.pk),
    )
    response = admin_client.post(url("businesshours-new"), data)
    schedule = BusinessHours.objects.get(name="Office hours")
    assert response.status_code == 302 and response["Location"] == url("businesshours-detail", schedule)
    saved = {s.name: (s.weekdays, s.start_minute, s.end_minute) for s in schedule.shifts.all()}
    assert saved == {"Weekdays": (WEEKDAYS, 540, 1020), "Night": (["fri"], 1320, 120)}
    assert (schedule.holiday_list, schedule.override_list) == (holidays, overrides)


def test_overlap_is_reported_on_both_shifts_by_name(admin_client, org):
    data = hours_data(shift("Early", start="08:00", end="12:00"), shift("Late", ["wed"], "11:00", "18:00"))
    response = admin_client.post(url("businesshours-new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    early, late = form.rows.forms
    for row in (early, late):
        message = " ".join(row.non_field_errors())
        assert "“Early”" in message and "“Late”" in message and "Wednesday" in message
    assert not BusinessHours.objects.exists()
    # Everything typed comes back.
    assert late["start"].value() == "11:00" and late["weekdays"].value() == ["wed"]


def test_overnight_spill_overlapping_next_morning_is_caught(admin_client, org):
    data = hours_data(shift("Night", ["sun"], "22:00", "06:00"), shift("Morning", ["mon"], "05:00", "09:00"))
    response = admin_client.post(url("businesshours-new"), data)
    expected = "Shift “Night” (22:00–06:00) overlaps shift “Morning” (05:00–09:00) on Monday."
    # The day the clash happens (Monday 05:00-06:00), not the day the night began, in both rows.
    assert [list(row.non_field_errors()) for row in response.context["form"].rows.forms] == [[expected]] * 2
    page = response.content.decode()
    assert page.count('<ul class="errorlist row-errors" role="alert"><li>' + expected) == 2


def test_shift_rows_are_validated_beside_their_fields(admin_client, org):
    data = hours_data({"name": "", "weekdays": [], "start": "25:00", "end": "17:00"})
    response = admin_client.post(url("businesshours-new"), data)
    row = response.context["form"].rows.forms[0]
    assert row.errors["name"] == ["Give this row a name."]
    assert row.errors["weekdays"] == ["Choose at least one weekday."]
    assert "Enter a valid time." in row.errors["start"]


def test_a_schedule_needs_a_shift(admin_client, org):
    response = admin_client.post(url("businesshours-new"), hours_data(total=0))
    assert response.status_code == 200
    assert "A schedule needs at least one shift." in response.context["form"].rows_errors
    assert b'id="rows-errors"' in response.content


def test_duplicate_shift_names_are_refused(admin_client, org):
    response = admin_client.post(
        url("businesshours-new"), hours_data(shift("Day", ["mon"]), shift("day", ["tue"]))
    )
    form = response.context["form"]
    message = "Two rows are named “day”; give each a different name."
    # Beside the name of each of the two rows, not only above the list.
    assert [row.errors.get("name") for row in form.rows.forms[:2]] == [[message], [message]]
    assert message not in form.rows_errors
    assert response.content.decode().count(message) >= 2


def test_empty_rows_and_removed_rows_are_ignored(admin_client, org):
    data = hours_data(shift(), total=3)  # rows 1 and 2 were added and left empty, or removed in the page
    response = admin_client.post(url("businesshours-new"), data)
    assert response.status_code == 302
    assert BusinessHours.objects.get().shifts.count() == 1


def test_add_row_without_javascript_keeps_everything_typed(admin_client, org):
    data = hours_data(shift("Typed", ["sat"], "10:00", "14:00"), name="Typed name", _add_row="1")
    response = admin_client.post(url("businesshours-new"), data)
    form = response.context["form"]
    assert response.status_code == 200
    assert form["name"].value() == "Typed name"
    assert len(form.rows.forms) == 2
    assert form.rows.forms[0]["name"].value() == "Typed" and form.rows.forms[0]["weekdays"].value() == ["sat"]
    assert not form.rows.forms[0].errors and not form.rows.forms[1].errors  # a re-render is not a save
    assert 'name="shifts-TOTAL_FORMS" value="2"' in response.content.decode()
    assert not BusinessHours.objects.exists()


def test_remove_row_without_javascript_renumbers_the_rest(admin_client, org):
    data = hours_data(shift("A", ["mon"]), shift("B", ["tue"]), shift("C", ["wed"]), _remove_row="shifts-1")
    form = admin_client.post(url("businesshours-new"), data).context["form"]
    assert [row["name"].value() for row in form.rows.forms] == ["A", "C"]
    assert [row.prefix for row in form.rows.forms] == ["shifts-0", "shifts-1"]


def test_new_row_endpoint_numbers_the_row_after_the_page_and_updates_the_count(
    admin_client, viewer_client, org
):
    response = admin_client.get(url("businesshours-shift-row"), {"shifts-TOTAL_FORMS": "3"})
    content = response.content.decode()
    assert 'name="shifts-3-name"' in content and 'name="shifts-3-weekdays"' in content
    assert 'name="shifts-TOTAL_FORMS" value="4"' in content and 'hx-swap-oob="true"' in content
    assert 'type="time"' in content
    assert "<html" not in content
    assert admin_client.get(url("businesshours-shift-row"), {"shifts-TOTAL_FORMS": "junk"}).status_code == 200
    assert viewer_client.get(url("businesshours-shift-row")).status_code == 403


def test_overnight_rows_are_labelled(admin_client, org):
    schedule = make_business_hours(
        org,
        shifts=[
            {"name": "Day", "weekdays": ["mon"], "start_minute": 540, "end_minute": 1020},
            {"name": "Night", "weekdays": ["mon"], "start_minute": 1320, "end_minute": 360},
        ],
    )
    content = admin_client.get(url("businesshours-detail", schedule)).content.decode()
    assert content.count("data-overnight hidden") == 1  # the day shift's label is hidden
    assert content.count("data-overnight>") == 1
    assert "overnight: ends next day" in content


def test_overnight_hint_is_the_servers_answer_for_the_row_as_typed(admin_client, org):
    def hint(**typed) -> str:
        query = {"row": "shifts-4", **{f"shifts-4-{name}": value for name, value in typed.items()}}
        return admin_client.get(url("businesshours-shift-overnight"), query).content.decode()

    assert "data-overnight>" in hint(start="22:00", end="06:00")
    assert "data-overnight>" in hint(start="06:00", end="06:00")  # 24 hours: ends the next day
    assert "data-overnight hidden" in hint(start="09:00", end="17:00")
    assert "data-overnight hidden" in hint(start="09:00")  # not typed yet
    assert "data-overnight hidden" in hint(start="25:00", end="01:00")  # not a time
    row = admin_client.get(url("businesshours-shift-row"), {"shifts-TOTAL_FORMS": "2"}).content.decode()
    assert f'hx-get="{url("businesshours-shift-overnight")}"' in row and '"row": "shifts-2"' in row


def test_week_view_draws_overnight_spill_on_the_next_day():
    schedule = BusinessHours(name="x")
    from flows.models import Shift

    shifts = [
        Shift(business_hours=schedule, name="Day", weekdays=["mon"], start_minute=540, end_minute=1020),
        Shift(business_hours=schedule, name="Late", weekdays=["sun"], start_minute=1320, end_minute=120),
    ]
    days = {day["code"]: day["blocks"] for day in week_view(shifts)}
    monday = days["mon"]
    assert [(block["name"], block["spill"], block["top"]) for block in monday] == [
        ("Late", True, "0.000"),
        ("Day", False, "37.500"),
    ]
    assert days["sun"][0]["height"] == f"{120 * 100 / 1440:.3f}"
    assert monday[0]["hours"] == "00:00–02:00" and monday[0]["from_day"] == "Sunday"
    assert days["tue"] == []


def test_schedule_page_shows_the_week_view(admin_client, org):
    schedule = make_business_hours(org)
    content = admin_client.get(url("businesshours-detail", schedule)).content.decode()
    assert "Week view" in content
    assert content.count('class="week-block c0') == 5  # Monday to Friday


def test_schedule_edit_replaces_the_shifts_and_a_stale_version_keeps_the_typed_rows(admin_client, org):
    schedule = make_business_hours(org, name="Office hours")
    opened = schedule.version
    data = hours_data(shift("Mornings", WEEKDAYS, "08:00", "12:00"), version=str(opened))
    assert admin_client.post(url("businesshours-detail", schedule), data).status_code == 302
    assert [s.name for s in schedule.shifts.all()] == ["Mornings"]
    stale = hours_data(shift("Evenings", ["sat"], "17:00", "21:00"), version=str(opened))
    response = admin_client.post(url("businesshours-detail", schedule), stale)
    assert response.context["conflict"] is not None
    assert response.context["form"].rows.forms[0]["name"].value() == "Evenings"
    assert [s.name for s in schedule.shifts.all()] == ["Mornings"]


def test_schedule_lists_are_the_organizations(admin_client, org, other_org):
    foreign = make_holiday_list(other_org, name="Foreign holidays")
    page = admin_client.get(url("businesshours-new")).content.decode()
    assert "Foreign holidays" not in page
    response = admin_client.post(url("businesshours-new"), hours_data(shift(), holiday_list=str(foreign.pk)))
    assert "Select a valid choice" in response.context["form"].errors["holiday_list"][0]


def test_business_hours_list_filters_and_summary(admin_client, org):
    holidays = make_holiday_list(org)
    make_business_hours(org, name="With holidays", holiday_list=holidays)
    make_business_hours(org, name="Plain")
    assert names(admin_client.get(url("businesshours-list"), {"holiday_list": "yes"})) == ["With holidays"]
    assert names(admin_client.get(url("businesshours-list"), {"holiday_list": "no"})) == ["Plain"]
    content = admin_client.get(url("businesshours-list")).content.decode()
    assert "Mon–Fri" in content and "09:00–17:00" in content


def test_business_hours_used_by_a_flow_cannot_be_deleted(admin_client, org):
    schedule = make_business_hours(org)
    make_flow(org, name="Follows_hours", business_hours=schedule)
    response = admin_client.post(url("businesshours-delete", schedule), follow=True)
    assert "Follows_hours" in response.content.decode()
    assert BusinessHours.objects.filter(pk=schedule.pk).exists()
    unused = make_business_hours(org)
    admin_client.post(url("businesshours-delete", unused))
    assert not BusinessHours.objects.filter(pk=unused.pk).exists()


# Holiday lists


def holiday(name="Christmas", start="2026-12-24", end="2026-12-26", repeats="on") -> dict:
    return {"name": name, "start_date": start, "end_date": end, "repeats_yearly": repeats}


def test_create_holiday_list_with_rows(admin_client, org):
    data = {
        "name": "Danish holidays",
        **rows("holidays", holiday(), holiday("Easter 2026", "2026-04-05", "2026-04-06", "")),
    }
    response = admin_client.post(url("holidaylist-new"), data)
    holiday_list = HolidayList.objects.get(name="Danish holidays")
    assert response["Location"] == url("holidaylist-detail", holiday_list)
    saved = {h.name: (h.start_date, h.end_date, h.repeats_yearly) for h in holiday_list.holidays.all()}
    assert saved == {
        "Christmas": (datetime.date(2026, 12, 24), datetime.date(2026, 12, 26), True),
        "Easter 2026": (datetime.date(2026, 4, 5), datetime.date(2026, 4, 6), False),
    }


def test_holiday_row_errors_sit_beside_the_field(admin_client, org):
    data = {
        "name": "Bad",
        **rows("holidays", holiday(end="2026-12-01"), holiday("Long", "2026-01-01", "2027-06-01", "on")),
    }
    response = admin_client.post(url("holidaylist-new"), data)
    first, second = response.context["form"].rows.forms
    assert first.errors["end_date"] == ["The end date cannot be before the start date."]
    assert second.errors["end_date"] == ["A holiday that repeats every year must be shorter than a year."]
    assert not HolidayList.objects.exists()


def test_a_row_that_does_not_parse_leaves_the_other_rows_and_the_name_judged(admin_client, org):
    data = {
        "name": "Bad  name",
        **rows("holidays", holiday(start="junk"), holiday("Backwards", end="2026-12-01")),
    }
    response = admin_client.post(url("holidaylist-new"), data)
    form = response.context["form"]
    first, second = form.rows.forms
    assert first.errors["start_date"] == ["Enter a valid date."]
    assert second.errors["end_date"] == ["The end date cannot be before the start date."]
    assert form.errors["name"]
    assert not HolidayList.objects.exists()


def test_holiday_row_endpoint(admin_client, org):
    content = admin_client.get(url("holidaylist-holiday-row"), {"holidays-TOTAL_FORMS": "0"}).content.decode()
    assert 'name="holidays-0-start_date"' in content and 'type="date"' in content
    assert 'name="holidays-TOTAL_FORMS" value="1"' in content


def test_holiday_list_used_by_business_hours(admin_client, org):
    holiday_list = make_holiday_list(org)
    schedule = make_business_hours(org, name="Uses holidays", holiday_list=holiday_list)
    page = admin_client.get(url("holidaylist-detail", holiday_list)).content.decode()
    assert schedule.get_absolute_url() in page
    admin_client.post(url("holidaylist-delete", holiday_list))
    assert HolidayList.objects.filter(pk=holiday_list.pk).exists()
    listed = admin_client.get(url("holidaylist-list"), {"usage": "used"})
    assert names(listed) == [holiday_list.name]


# Override lists


def override(name="Storm", start="2026-03-13T12:00", end="2026-03-13T17:00", state="closed") -> dict:
    return {"name": name, "start": start, "end": end, "state": state}


def test_override_times_are_kept_as_local_wall_clock(admin_client, org):
    data = {"name": "Closures", **rows("overrides", override(), override("Extra", state="open"))}
    admin_client.post(url("overridelist-new"), data)
    override_list = OverrideList.objects.get(name="Closures")
    storm = override_list.overrides.get(name="Storm")
    assert storm.start == datetime.datetime(2026, 3, 13, 12, 0) and storm.start.tzinfo is None
    assert override_list.overrides.get(name="Extra").state == "open"
    page = admin_client.get(url("overridelist-detail", override_list)).content.decode()
    assert 'value="2026-03-13T12:00"' in page and 'type="datetime-local"' in page


def test_override_end_must_follow_start(admin_client, org):
    data = {"name": "Closures", **rows("overrides", override(end="2026-03-13T11:00"))}
    response = admin_client.post(url("overridelist-new"), data)
    assert response.context["form"].rows.forms[0].errors["end"] == ["The end must be after the start."]


def test_override_row_left_at_its_default_is_an_empty_row(admin_client, org):
    data = {
        "name": "Closures",
        **rows("overrides", override(), {"name": "", "start": "", "end": "", "state": "closed"}),
    }
    assert admin_client.post(url("overridelist-new"), data).status_code == 302
    assert OverrideList.objects.get().overrides.count() == 1


# Lists: query counts; roles; organizations


def _populate(org, count: int, offset: int) -> None:
    holidays = [{"name": "Day", "start_date": "2026-01-01", "end_date": "2026-01-01"}]
    overrides = [{"name": "Now", "start": "2026-01-01T10:00", "end": "2026-01-01T11:00", "state": "open"}]
    for index in range(offset, offset + count):
        holiday_list = make_holiday_list(org, name=f"Holidays {index}", holidays=holidays)
        override_list = make_override_list(org, name=f"Overrides {index}", overrides=overrides)
        schedule = make_business_hours(
            org, name=f"Hours {index}", holiday_list=holiday_list, override_list=override_list
        )
        make_flow(
            org, name=f"Flow_{index}", business_hours=schedule, queue=make_queue(org, name=f"Q_{index}")
        )


@pytest.mark.parametrize("name", ["flow-list", "businesshours-list", "holidaylist-list", "overridelist-list"])
def test_list_query_count_does_not_grow_with_rows(admin_client, org, name):
    _populate(org, 5, 0)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url(name)).status_code == 200
    _populate(org, 25, 5)  # 30 rows: more than a page of 25
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url(name))
    assert len(response.context["object_list"]) == 25
    assert len(many) == len(few)


@pytest.fixture
def objects(org):
    holiday_list = make_holiday_list(org)
    override_list = make_override_list(org)
    schedule = make_business_hours(org)
    return {
        "flow": make_flow(org),
        "businesshours": schedule,
        "holidaylist": holiday_list,
        "overridelist": override_list,
    }


KINDS = ["flow", "businesshours", "holidaylist", "overridelist"]


@pytest.mark.parametrize("kind", KINDS)
def test_viewer_reads_and_cannot_write(viewer_client, objects, kind):
    obj = objects[kind]
    page = viewer_client.get(url(f"{kind}-detail", obj))
    assert page.status_code == 200
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert b"submit-button" not in page.content and b"delete-dialog" not in page.content
    assert viewer_client.get(url(f"{kind}-list")).status_code == 200
    assert viewer_client.get(url(f"{kind}-new")).status_code == 403
    assert viewer_client.post(url(f"{kind}-new"), {"name": "New"}).status_code == 403
    assert viewer_client.post(url(f"{kind}-detail", obj), {"name": "Renamed"}).status_code == 403
    assert viewer_client.post(url(f"{kind}-delete", obj)).status_code == 403
    type(obj).objects.get(pk=obj.pk, name=obj.name)


def test_viewer_sees_rows_disabled(viewer_client, org):
    schedule = make_business_hours(org)
    form = viewer_client.get(url("businesshours-detail", schedule)).context["form"]
    assert all(field.disabled for row in form.rows.forms for field in row.fields.values())


@pytest.mark.parametrize("kind", KINDS)
def test_outsider_gets_404(outsider_client, objects, kind):
    obj = objects[kind]
    assert outsider_client.get(url(f"{kind}-detail", obj)).status_code == 404
    assert outsider_client.post(url(f"{kind}-detail", obj), {"name": "Mine"}).status_code == 404
    assert outsider_client.post(url(f"{kind}-delete", obj)).status_code == 404
    assert obj.name.encode() not in outsider_client.get(url(f"{kind}-list")).content
    type(obj).objects.get(pk=obj.pk, name=obj.name)


def test_schedule_saved_through_the_service_is_what_the_page_shows(admin_client, org):
    schedule = make_business_hours(org)
    business_hours_update(
        business_hours=schedule,
        version=schedule.version,
        shifts=[{"name": "Sat", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840}],
    )
    form = admin_client.get(url("businesshours-detail", schedule)).context["form"]
    assert [(row["name"].value(), str(row["start"].value())) for row in form.rows.forms] == [
        ("Sat", "10:00:00")
    ]


@pytest.mark.parametrize(
    "management",
    [{}, {"shifts-TOTAL_FORMS": "junk", "shifts-INITIAL_FORMS": "0"}, {"shifts-TOTAL_FORMS": "100000"}],
)
def test_forged_row_management_data_is_an_error_not_a_crash(admin_client, org, management):
    data = {"name": "Forged", **management, "shifts-0-name": "A", "shifts-0-weekdays": "mon"}
    data.update({"shifts-0-start": "09:00", "shifts-0-end": "10:00"})
    response = admin_client.post(url("businesshours-new"), data)
    assert response.status_code == 200
    assert response.context["form"].rows.non_form_errors()
    assert b'id="rows-errors"' in response.content
    assert not BusinessHours.objects.exists()
