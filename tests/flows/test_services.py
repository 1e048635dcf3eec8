import datetime

import pytest
from django.core.exceptions import ValidationError

from contactcenter.errors import Referenced, VersionConflict
from flows.models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift
from flows.services import (
    business_hours_create,
    business_hours_delete,
    business_hours_update,
    flow_create,
    flow_delete,
    flow_update,
    holiday_list_create,
    holiday_list_delete,
    holiday_list_update,
    override_list_create,
    override_list_delete,
)
from tests.dbstate import unchanged
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
    make_queue,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = {
    "name": "Weekdays",
    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    "start_minute": 540,
    "end_minute": 1020,
}
SATURDAY = {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840}


def new_schedule(org, name="Copenhagen office", **fields) -> dict:
    return {"organization": org, "name": name, **fields}


class TestBusinessHoursSave:
    def test_creates_the_schedule_with_its_shifts(self, org):
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS, SATURDAY])
        assert hours.version == 1
        assert [(s.name, s.weekdays, s.hours_label) for s in hours.shifts.order_by("start_minute")] == [
            ("Weekdays", ["mon", "tue", "wed", "thu", "fri"], "09:00–17:00"),
            ("Saturday", ["sat"], "10:00–14:00"),
        ]

    @pytest.mark.parametrize(
        "shifts",
        [
            [WEEKDAYS, {"name": "Lunch", "weekdays": ["wed"], "start_minute": 720, "end_minute": 780}],
            [
                {"name": "Late", "weekdays": ["mon"], "start_minute": 1320, "end_minute": 120},
                {"name": "Early", "weekdays": ["tue"], "start_minute": 60, "end_minute": 300},
            ],
            [
                {"name": "Sunday night", "weekdays": ["sun"], "start_minute": 1320, "end_minute": 360},
                {"name": "Monday early", "weekdays": ["mon"], "start_minute": 300, "end_minute": 540},
            ],
        ],
        ids=["same-day", "overnight", "sunday-into-monday"],
    )
    def test_overlapping_shifts_refused_naming_both_and_nothing_is_written(self, org, shifts):
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org), shifts=shifts)
        (message,) = error.value.message_dict["shifts"]
        assert f"Shift “{shifts[0]['name']}”" in message
        assert f"overlaps shift “{shifts[1]['name']}”" in message

    def test_overlap_on_update_keeps_the_old_shifts(self, org):
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS])
        overlapping = {"name": "Extended", "weekdays": ["fri"], "start_minute": 960, "end_minute": 1200}
        with unchanged(), pytest.raises(ValidationError):
            business_hours_update(
                business_hours=hours,
                version=1,
                shifts=[WEEKDAYS, overlapping],
            )
        assert list(BusinessHours.objects.get(pk=hours.pk).shifts.values_list("name", flat=True)) == [
            "Weekdays"
        ]

    def test_update_replaces_the_shifts_and_grows_the_version(self, org):
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS])
        business_hours_update(business_hours=hours, version=1, shifts=[SATURDAY])
        stored = BusinessHours.objects.get(pk=hours.pk)
        assert stored.version == 2
        assert list(stored.shifts.values_list("name", flat=True)) == ["Saturday"]
        assert Shift.objects.filter(name="Weekdays").count() == 0

    def test_update_without_shifts_keeps_them(self, org):
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS])
        business_hours_update(business_hours=hours, version=1, description="Only the description")
        assert hours.shifts.count() == 1

    def test_a_schedule_needs_a_shift(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org), shifts=[])
        assert error.value.message_dict == {"shifts": ["A schedule needs at least one shift."]}
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS])
        with unchanged(), pytest.raises(ValidationError):
            business_hours_update(business_hours=hours, version=1, shifts=[])

    def test_bad_rows_are_reported_by_name(self, org):
        bad = {"name": "Broken", "weekdays": ["funday"], "start_minute": 1500, "end_minute": 60}
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org), shifts=[bad])
        messages = error.value.message_dict["shifts"]
        assert any(m.startswith("Shift “Broken”: weekdays: Unknown weekday funday") for m in messages)
        assert any("Enter a time between 00:00 and 23:59." in m for m in messages)

    def test_duplicate_shift_names_refused(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org), shifts=[WEEKDAYS, {**SATURDAY, "name": "weekdays"}])
        assert error.value.message_dict["shifts"] == [
            "Two rows are named “weekdays”; give each a different name."
        ]

    def test_a_row_error_carries_the_rows_position_and_field(self, org):
        late = {**SATURDAY, "end_minute": 1500}
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org), shifts=[WEEKDAYS, late])
        (item,) = error.value.error_dict["shifts"]
        assert (item.params["row"], item.params["field"]) == (1, "end_minute")
        assert item.params["message"] == "Enter a time between 00:00 and 23:59."

    def test_the_schedule_and_its_rows_are_validated_once(self, org, monkeypatch):
        calls = []
        for model in (BusinessHours, Shift):
            original = model.clean  # every validation (full_clean or the services' model_clean) runs clean()

            def counted(obj, *args, _original=original, **kwargs):
                calls.append(type(obj).__name__)
                return _original(obj, *args, **kwargs)

            monkeypatch.setattr(model, "clean", counted)
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS, SATURDAY])
        assert sorted(calls) == ["BusinessHours", "Shift", "Shift"]
        calls.clear()
        business_hours_update(business_hours=hours, version=hours.version, description="Once")
        assert calls == ["BusinessHours"]

    def test_schedule_errors_and_row_errors_are_reported_together(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**new_schedule(org, name="bad  name"), shifts=[])
        assert set(error.value.message_dict) == {"name", "shifts"}

    def test_stale_version_refused_and_nothing_is_written(self, org):
        hours = business_hours_create(**new_schedule(org), shifts=[WEEKDAYS])
        stale = BusinessHours.objects.get(pk=hours.pk)
        business_hours_update(business_hours=hours, version=1, shifts=[SATURDAY])
        with unchanged(), pytest.raises(VersionConflict):
            business_hours_update(business_hours=stale, version=1, shifts=[WEEKDAYS])

    def test_lists_of_another_organization_refused(self, org, other_org):
        schedule = new_schedule(org, holiday_list=make_holiday_list(other_org))
        with unchanged(), pytest.raises(ValidationError) as error:
            business_hours_create(**schedule, shifts=[WEEKDAYS])
        assert error.value.message_dict == {"holiday_list": ["Choose one of your organization's objects."]}


class TestHolidayAndOverrideLists:
    def test_holiday_list_with_holidays(self, org):
        holiday_list = holiday_list_create(
            organization=org,
            name="Danish public holidays",
            holidays=[
                {
                    "name": "Juledag",
                    "start_date": datetime.date(2026, 12, 25),
                    "end_date": datetime.date(2026, 12, 25),
                    "repeats_yearly": True,
                },
                {
                    "name": "Sommerferie",
                    "start_date": datetime.date(2026, 7, 6),
                    "end_date": datetime.date(2026, 7, 10),
                },
            ],
        )
        assert list(holiday_list.holidays.values_list("name", flat=True)) == ["Sommerferie", "Juledag"]

    def test_bad_holiday_refused_and_nothing_is_written(self, org):
        holiday_list = make_holiday_list(
            org,
            holidays=[
                {
                    "name": "Keep",
                    "start_date": datetime.date(2026, 1, 1),
                    "end_date": datetime.date(2026, 1, 1),
                }
            ],
        )
        backwards = {
            "name": "Backwards",
            "start_date": datetime.date(2026, 5, 2),
            "end_date": datetime.date(2026, 5, 1),
        }
        with unchanged(), pytest.raises(ValidationError) as error:
            holiday_list_update(holiday_list=holiday_list, version=1, holidays=[backwards])
        assert error.value.message_dict["holidays"] == [
            "Holiday “Backwards”: end date: The end date cannot be before the start date."
        ]

    def test_override_list_with_open_and_closed_overrides(self, org):
        override_list = override_list_create(
            organization=org,
            name="Extraordinary hours",
            overrides=[
                {
                    "name": "Emergency closure",
                    "start": datetime.datetime(2026, 3, 13, 12),
                    "end": datetime.datetime(2026, 3, 13, 17),
                    "state": "closed",
                },
                {
                    "name": "Extra opening",
                    "start": datetime.datetime(2026, 12, 20, 10),
                    "end": datetime.datetime(2026, 12, 20, 16),
                    "state": "open",
                },
            ],
        )
        assert list(override_list.overrides.values_list("state", flat=True)) == ["closed", "open"]

    def test_bad_override_refused_and_nothing_is_written(self, org):
        moment = datetime.datetime(2026, 3, 13, 12)
        with unchanged(), pytest.raises(ValidationError) as error:
            override_list_create(
                organization=org,
                name="Overrides",
                overrides=[{"name": "Zero", "start": moment, "end": moment, "state": "closed"}],
            )
        assert error.value.message_dict["overrides"] == [
            "Override “Zero”: end (local time): The end must be after the start."
        ]

    def test_lists_can_be_empty(self, org):
        assert make_holiday_list(org).holidays.count() == 0
        assert make_override_list(org).overrides.count() == 0


class TestDeletion:
    def test_holiday_and_override_lists_used_by_a_schedule_cannot_be_deleted(self, org):
        holiday_list, override_list = make_holiday_list(org), make_override_list(org)
        hours = make_business_hours(
            org, name="Office", holiday_list=holiday_list, override_list=override_list
        )
        for delete in (
            lambda: holiday_list_delete(holiday_list=holiday_list),
            lambda: override_list_delete(override_list=override_list),
        ):
            with unchanged(), pytest.raises(Referenced) as error:
                delete()
            assert error.value.extra["referrers"][0]["name"] == "Office"
        business_hours_delete(business_hours=hours)
        holiday_list_delete(holiday_list=holiday_list)
        override_list_delete(override_list=override_list)
        assert not HolidayList.objects.exists()
        assert not OverrideList.objects.exists()

    def test_schedule_used_by_a_flow_cannot_be_deleted(self, org):
        hours = make_business_hours(org)
        flow = make_flow(org, name="Main_IVR", business_hours=hours)
        with unchanged(), pytest.raises(Referenced) as error:
            business_hours_delete(business_hours=hours)
        assert [r["name"] for r in error.value.extra["referrers"]] == ["Main_IVR"]
        flow_delete(flow=flow)
        business_hours_delete(business_hours=hours)
        # A schedule's own rows go with it; they are part of it, not references.
        assert not Shift.objects.exists()

    def test_deleting_lists_removes_their_rows(self, org):
        holiday_list = make_holiday_list(
            org,
            holidays=[
                {
                    "name": "Day",
                    "start_date": datetime.date(2026, 1, 1),
                    "end_date": datetime.date(2026, 1, 1),
                }
            ],
        )
        override_list = make_override_list(
            org,
            overrides=[
                {
                    "name": "Row",
                    "start": datetime.datetime(2026, 1, 2, 8),
                    "end": datetime.datetime(2026, 1, 2, 9),
                }
            ],
        )
        holiday_list_delete(holiday_list=holiday_list, version=1)
        override_list_delete(override_list=override_list, version=1)
        assert not Holiday.objects.exists()
        assert not Override.objects.exists()

    def test_flow_used_by_a_channel_cannot_be_deleted(self, org):
        flow = make_flow(org)
        make_entry_point(org, "chat", name="Web_Chat", flow=flow)
        with unchanged(), pytest.raises(Referenced) as error:
            flow_delete(flow=flow)
        assert error.value.extra["referrers"][0]["kind"] == "channel"


class TestFlowServices:
    def test_create_and_update(self, org):
        queue = make_queue(org)
        flow = flow_create(organization=org, name="Main_IVR", queue=queue)
        assert (flow.kind, flow.version) == ("flow", 1)
        flow_update(flow=flow, version=1, kind="routing_strategy")
        assert Flow.objects.get(pk=flow.pk).is_routing_strategy

    def test_stale_update_refused(self, org):
        flow = make_flow(org)
        flow_update(flow=flow, version=1, description="new")
        with unchanged(), pytest.raises(VersionConflict):
            flow_update(flow=Flow.objects.get(pk=flow.pk), version=1, description="stale")

    def test_bad_name_refused(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            flow_create(organization=org, name="F" * 81)
        assert error.value.message_dict == {
            "name": ["The name can be at most 80 characters long (it has 81)."]
        }
