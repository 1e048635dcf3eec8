import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from flows.fields import LocalDateTimeField, LocalDateTimeFormField
from flows.models import (
    BusinessHours,
    Flow,
    Holiday,
    HolidayList,
    Override,
    Shift,
    find_shift_overlaps,
    format_minute,
    validate_weekdays,
)
from flows.schedule import ShiftRule
from tests.dbstate import unchanged
from tests.factories import make_business_hours, make_flow, make_holiday_list, make_override_list

pytestmark = pytest.mark.django_db


def shift(name, weekdays, start, end) -> Shift:
    """A shift from "HH:MM" strings."""
    to_minute = lambda text: int(text[:2]) * 60 + int(text[3:])  # noqa: E731
    return Shift(name=name, weekdays=weekdays, start_minute=to_minute(start), end_minute=to_minute(end))


class TestShiftOverlaps:
    def test_separate_days_do_not_overlap(self):
        assert (
            find_shift_overlaps(
                [
                    shift("Weekdays", ["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00"),
                    shift("Saturday", ["sat"], "10:00", "14:00"),
                ]
            )
            == []
        )

    def test_adjacent_shifts_do_not_overlap(self):
        assert (
            find_shift_overlaps(
                [
                    shift("Morning", ["mon"], "08:00", "12:00"),
                    shift("Afternoon", ["mon"], "12:00", "16:00"),
                ]
            )
            == []
        )

    def test_same_day_overlap_names_both_shifts_and_the_day(self):
        (overlap,) = find_shift_overlaps(
            [
                shift("Morning", ["mon", "tue"], "08:00", "12:30"),
                shift("Afternoon", ["tue"], "12:00", "16:00"),
            ]
        )
        assert overlap.message == (
            "Shift “Morning” (08:00–12:30) overlaps shift “Afternoon” (12:00–16:00) on Tuesday."
        )

    def test_overnight_shift_overlaps_the_next_mornings_shift(self):
        overlaps = find_shift_overlaps(
            [
                shift("Late", ["mon"], "22:00", "02:00"),
                shift("Early", ["tue"], "01:00", "05:00"),
            ]
        )
        assert len(overlaps) == 1
        assert "“Late” (22:00–02:00)" in overlaps[0].message
        assert "“Early” (01:00–05:00)" in overlaps[0].message

    def test_overnight_shift_ending_when_the_next_begins_is_fine(self):
        assert (
            find_shift_overlaps(
                [
                    shift("Late", ["mon"], "22:00", "02:00"),
                    shift("Early", ["tue"], "02:00", "05:00"),
                ]
            )
            == []
        )

    def test_sunday_night_into_monday_overlaps_monday_morning(self):
        overlaps = find_shift_overlaps(
            [
                shift("Sunday night", ["sun"], "22:00", "06:00"),
                shift("Monday early", ["mon"], "05:00", "09:00"),
            ]
        )
        assert len(overlaps) == 1
        assert "“Sunday night”" in overlaps[0].message
        assert "“Monday early”" in overlaps[0].message

    def test_sunday_night_into_monday_ending_at_the_start_is_fine(self):
        assert (
            find_shift_overlaps(
                [
                    shift("Sunday night", ["sun"], "22:00", "06:00"),
                    shift("Monday", ["mon"], "06:00", "14:00"),
                ]
            )
            == []
        )

    def test_two_overnight_shifts_overlap(self):
        assert (
            len(
                find_shift_overlaps(
                    [
                        shift("Night A", ["fri"], "20:00", "04:00"),
                        shift("Night B", ["fri"], "23:00", "03:00"),
                    ]
                )
            )
            == 1
        )

    def test_end_equal_to_start_is_a_full_day(self):
        full = shift("All day", ["wed"], "06:00", "06:00")
        assert full.overnight
        assert full.duration_minutes == 24 * 60
        assert len(find_shift_overlaps([full, shift("Thursday", ["thu"], "05:00", "07:00")])) == 1
        assert find_shift_overlaps([full, shift("Thursday", ["thu"], "06:00", "07:00")]) == []

    def test_every_overlapping_pair_is_reported(self):
        overlaps = find_shift_overlaps(
            [
                shift("A", ["mon"], "08:00", "12:00"),
                shift("B", ["mon"], "09:00", "10:00"),
                shift("C", ["mon"], "11:00", "13:00"),
            ]
        )
        assert {(o.first.name, o.second.name) for o in overlaps} == {("A", "B"), ("A", "C")}

    def test_week_intervals_of_sunday_overnight_wrap_to_monday(self):
        intervals = shift("Sunday night", ["sun"], "22:00", "06:00").week_intervals()
        assert intervals == [(6 * 1440 + 22 * 60, 7 * 1440, "sun"), (0, 6 * 60, "sun")]


class TestShiftFields:
    def test_minutes_must_lie_within_a_day(self, org):
        hours = make_business_hours(org)
        row = Shift(business_hours=hours, name="Bad", weekdays=["mon"], start_minute=1440, end_minute=60)
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert error.value.message_dict["start_minute"] == ["Enter a time between 00:00 and 23:59."]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ([], "Choose at least one weekday."),
            ("mon", "Choose at least one weekday."),
            (["mon", "funday"], "Unknown weekday funday; use mon, tue, wed, thu, fri, sat or sun."),
            (["mon", "mon"], "Each weekday can be chosen only once."),
        ],
    )
    def test_weekdays_validation(self, value, message):
        with pytest.raises(ValidationError) as error:
            validate_weekdays(value)
        assert error.value.messages == [message]

    def test_model_keeps_the_weekday_messages(self, org):
        # Django replaces a validator's message when its code matches one of the field's own
        # error messages ("invalid" is "Value must be valid JSON." on a JSONField).
        hours = make_business_hours(org)
        row = Shift(
            business_hours=hours, name="Odd", weekdays=["mon", "funday"], start_minute=0, end_minute=60
        )
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert error.value.message_dict["weekdays"] == [
            "Unknown weekday funday; use mon, tue, wed, thu, fri, sat or sun."
        ]
        row.weekdays = "mon"
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert error.value.message_dict["weekdays"] == ["Choose at least one weekday."]

    def test_the_shift_takes_what_it_covers_from_the_engines_rule(self):
        late = shift("Late", ["sun"], "22:00", "02:00")
        assert late.rule == ShiftRule("Late", (6,), 1320, 120)
        assert (late.overnight, late.duration_minutes) == (True, 240)
        # Cut at midnight for the week view: Sunday evening, then Monday's early hours.
        assert late.rule.day_pieces() == [(6, 1320, 1440, 6), (0, 0, 120, 6)]
        day = shift("Day", ["mon"], "00:00", "00:00")
        assert (day.overnight, day.duration_minutes, day.rule.day_pieces()) == (True, 1440, [(0, 0, 1440, 0)])

    def test_hours_label(self):
        assert shift("Late", ["mon"], "22:00", "02:30").hours_label == "22:00–02:30"
        assert format_minute(9 * 60 + 5) == "09:05"

    def test_database_refuses_minutes_outside_a_day(self, org):
        hours = make_business_hours(org)
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            Shift.objects.filter(business_hours=hours).update(end_minute=1440)

    def test_database_refuses_two_shifts_with_the_same_name(self, org):
        hours = make_business_hours(org)
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            Shift.objects.create(
                business_hours=hours, name="WEEKDAYS", weekdays=["sat"], start_minute=0, end_minute=60
            )


class TestHoliday:
    def test_end_before_start_refused(self, org):
        holiday = Holiday(
            holiday_list=make_holiday_list(org),
            name="Backwards",
            start_date=datetime.date(2026, 5, 2),
            end_date=datetime.date(2026, 5, 1),
        )
        with pytest.raises(ValidationError) as error:
            holiday.full_clean()
        assert error.value.message_dict["end_date"] == ["The end date cannot be before the start date."]

    def test_one_day_holiday_is_fine(self, org):
        Holiday(
            holiday_list=make_holiday_list(org),
            name="Day",
            start_date=datetime.date(2026, 6, 5),
            end_date=datetime.date(2026, 6, 5),
        ).full_clean()

    def test_yearly_holiday_must_be_shorter_than_a_year(self, org):
        holiday = Holiday(
            holiday_list=make_holiday_list(org),
            name="Forever",
            repeats_yearly=True,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2027, 1, 1),
        )
        with pytest.raises(ValidationError) as error:
            holiday.full_clean()
        assert error.value.message_dict["end_date"] == [
            "A holiday that repeats every year must be shorter than a year."
        ]

    def test_database_refuses_end_before_start(self, org):
        holiday_list = make_holiday_list(
            org,
            holidays=[
                {
                    "name": "Day",
                    "start_date": datetime.date(2026, 6, 5),
                    "end_date": datetime.date(2026, 6, 5),
                }
            ],
        )
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            Holiday.objects.filter(holiday_list=holiday_list).update(end_date=datetime.date(2026, 6, 4))


class TestOverride:
    def test_end_must_be_after_start(self, org):
        moment = datetime.datetime(2026, 3, 13, 12, 0)
        override = Override(override_list=make_override_list(org), name="Zero", start=moment, end=moment)
        with pytest.raises(ValidationError) as error:
            override.full_clean()
        assert error.value.message_dict["end"] == ["The end must be after the start."]

    def test_unknown_state_refused(self, org):
        override = Override(
            override_list=make_override_list(org),
            name="Odd",
            state="maybe",
            start=datetime.datetime(2026, 1, 1, 8),
            end=datetime.datetime(2026, 1, 1, 9),
        )
        with pytest.raises(ValidationError) as error:
            override.full_clean()
        assert "state" in error.value.message_dict

    def test_database_refuses_bad_rows(self, org):
        override_list = make_override_list(
            org,
            overrides=[
                {
                    "name": "Closure",
                    "start": datetime.datetime(2026, 3, 13, 12),
                    "end": datetime.datetime(2026, 3, 13, 17),
                    "state": "closed",
                }
            ],
        )
        rows = Override.objects.filter(override_list=override_list)
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            rows.update(end=datetime.datetime(2026, 3, 13, 12))
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            rows.update(state="maybe")


class TestLocalDateTimeField:
    @pytest.mark.parametrize(
        "moment",
        [
            datetime.datetime(2026, 12, 24, 12, 0),
            # Does not exist in Copenhagen (clocks jump from 02:00 to 03:00): stored as typed all the same.
            datetime.datetime(2026, 3, 29, 2, 30),
            datetime.datetime(2026, 10, 25, 2, 30, 15),
        ],
    )
    def test_a_naive_datetime_round_trips_unchanged(self, org, moment):
        override_list = make_override_list(
            org, overrides=[{"name": "Row", "start": moment, "end": moment + datetime.timedelta(hours=1)}]
        )
        stored = Override.objects.get(override_list=override_list)
        assert stored.start == moment
        assert stored.start.tzinfo is None
        assert Override.objects.filter(start=moment).count() == 1
        assert (
            Override.objects.filter(start__lt=moment + datetime.timedelta(minutes=1), end__gt=moment).count()
            == 1
        )

    def test_an_aware_datetime_keeps_its_wall_clock(self, org):
        aware = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
        override_list = make_override_list(
            org, overrides=[{"name": "Row", "start": aware, "end": aware + datetime.timedelta(hours=2)}]
        )
        assert Override.objects.get(override_list=override_list).start == datetime.datetime(2026, 7, 1, 9, 0)

    def test_column_is_without_time_zone(self):
        expected = "timestamp" if connection.vendor == "postgresql" else "datetime"
        assert LocalDateTimeField().db_type(connection) == expected

    def test_text_is_parsed_and_nonsense_refused(self):
        field = LocalDateTimeField()
        assert field.to_python("2026-03-13 12:00") == datetime.datetime(2026, 3, 13, 12, 0)
        assert field.to_python(datetime.date(2026, 3, 13)) == datetime.datetime(2026, 3, 13)
        with pytest.raises(ValidationError) as error:
            field.to_python("soon")
        assert error.value.messages == ["Enter a valid date and time (YYYY-MM-DD HH:MM)."]

    def test_form_field_keeps_the_typed_value(self):
        form_field = LocalDateTimeFormField()
        assert form_field.clean("2026-03-29T02:30") == datetime.datetime(2026, 3, 29, 2, 30)
        with pytest.raises(ValidationError):
            form_field.clean("29/03/2026 banana")


class TestNamesAndConstraints:
    def test_schedule_names_allow_single_spaces(self, org):
        BusinessHours(organization=org, name="Copenhagen office").full_clean()
        HolidayList(organization=org, name="Danish public holidays").full_clean()
        with pytest.raises(ValidationError) as error:
            BusinessHours(organization=org, name="Copenhagen  office").full_clean()
        assert "name" in error.value.message_dict

    def test_flow_names_do_not_allow_spaces(self, org):
        with pytest.raises(ValidationError) as error:
            Flow(organization=org, name="Main IVR").full_clean()
        assert error.value.message_dict["name"][0].endswith("remove space.")

    def test_flow_kind_refused_by_clean_and_database(self, org):
        with pytest.raises(ValidationError) as error:
            Flow(organization=org, name="Odd", kind="script").full_clean()
        assert "kind" in error.value.message_dict
        flow = make_flow(org)
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            Flow.objects.filter(pk=flow.pk).update(kind="script")

    @pytest.mark.parametrize("model", [Flow, BusinessHours, HolidayList])
    def test_database_refuses_case_insensitive_duplicates(self, org, model):
        model.objects.create(organization=org, name="Sales")
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(organization=org, name="SALES")

    def test_flow_properties(self, org):
        assert make_flow(org, kind="routing_strategy").is_routing_strategy
        assert not make_flow(org).is_routing_strategy
