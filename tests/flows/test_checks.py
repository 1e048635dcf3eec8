"""Schedule checks: warnings for schedules that are valid but probably not what was meant."""

import datetime

import pytest

from flows.checks import ScheduleWarningCode, schedule_warnings
from flows.schedule import HolidayRule, OverrideRule, Schedule, ShiftRule
from flows.selectors import with_schedules
from tests.factories import make_business_hours, make_holiday_list, make_override_list

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = ShiftRule("Weekdays", (MON, TUE, WED, THU, FRI), 540, 1020)
CPH = "Europe/Copenhagen"
SPRING = datetime.date(2025, 3, 1)  # before the 2025 clock changes in Copenhagen and New York


def warnings_of(*shifts, holidays=(), overrides=(), today=SPRING, tz=CPH, code=None):
    schedule = Schedule(shifts=tuple(shifts), holidays=tuple(holidays), overrides=tuple(overrides))
    found = schedule_warnings(schedule, today=today, tz=tz)
    return [w for w in found if code is None or w.code == code]


class TestWeekdaysWithoutShift:
    code = ScheduleWarningCode.WEEKDAYS_WITHOUT_SHIFT

    def test_weekend_without_shifts(self):
        [warning] = warnings_of(WEEKDAYS, code=self.code)
        assert warning.message == (
            "No shift on Saturday, Sunday: the contact center is closed all day unless an override opens it."
        )

    def test_an_overnight_shift_covers_the_next_morning(self):
        night = ShiftRule("Night", (FRI,), 1320, 360)
        [warning] = warnings_of(WEEKDAYS, night, code=self.code)
        assert "Sunday" in warning.message and "Saturday" not in warning.message

    def test_every_day_covered(self):
        assert warnings_of(ShiftRule("Always", tuple(range(7)), 0, 0), code=self.code) == []


class TestHolidayOnDaysWithoutShifts:
    code = ScheduleWarningCode.HOLIDAY_ON_CLOSED_DAYS

    def test_holiday_on_a_saturday(self):
        holiday = HolidayRule("Open house", datetime.date(2025, 6, 7), datetime.date(2025, 6, 7))
        [warning] = warnings_of(WEEKDAYS, holidays=[holiday], code=self.code)
        assert warning.subject == "Open house"
        assert warning.message == (
            "Holiday “Open house” (Sat 7 Jun 2025) falls only on days without shifts (Saturday), "
            "so it changes nothing."
        )

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            (datetime.date(2025, 6, 6), datetime.date(2025, 6, 6)),  # a Friday
            (datetime.date(2025, 6, 7), datetime.date(2025, 6, 9)),  # Saturday to Monday
        ],
    )
    def test_holiday_touching_a_working_day(self, start, end):
        assert warnings_of(WEEKDAYS, holidays=[HolidayRule("Day", start, end)], code=self.code) == []

    def test_past_holiday_is_ignored(self):
        holiday = HolidayRule("Old", datetime.date(2024, 6, 8), datetime.date(2024, 6, 8))  # a Saturday
        assert warnings_of(WEEKDAYS, holidays=[holiday], code=self.code) == []

    def test_yearly_holiday_is_checked_on_its_next_date(self):
        christmas = HolidayRule(
            "Christmas Day", datetime.date(2020, 12, 25), datetime.date(2020, 12, 25), True
        )
        # 25 December is a Friday in 2026 and a Saturday in 2027.
        assert (
            warnings_of(WEEKDAYS, holidays=[christmas], today=datetime.date(2026, 6, 1), code=self.code) == []
        )
        [warning] = warnings_of(
            WEEKDAYS, holidays=[christmas], today=datetime.date(2027, 6, 1), code=self.code
        )
        assert "Sat 25 Dec 2027" in warning.message


class TestOverrideInThePast:
    code = ScheduleWarningCode.OVERRIDE_IN_PAST

    @pytest.mark.parametrize(
        ("end", "warned"),
        [
            (datetime.datetime(2025, 2, 28, 18), True),
            (datetime.datetime(2025, 3, 1, 0), True),  # ended as today began
            (datetime.datetime(2025, 3, 1, 10), False),  # ends today
            (datetime.datetime(2025, 4, 1, 10), False),
        ],
    )
    def test_override_end(self, end, warned):
        override = OverrideRule("Storm", end - datetime.timedelta(hours=5), end, False)
        found = warnings_of(WEEKDAYS, overrides=[override], code=self.code)
        assert bool(found) is warned
        if warned:
            assert found[0].subject == "Storm" and "ended on" in found[0].message


class TestClockChangeInShift:
    code = ScheduleWarningCode.CLOCK_CHANGE_IN_SHIFT

    def test_sunday_night_shift_in_copenhagen(self):
        shift = ShiftRule("Small hours", (SUN,), 60, 240)
        messages = [w.message for w in warnings_of(shift, code=self.code)]
        assert messages == [
            "Shift “Small hours” loses 02:00–03:00 on Sun 30 Mar 2025: the clocks go forward and that time "
            "does not exist.",
            "Shift “Small hours” runs 02:00–03:00 twice on Sun 26 Oct 2025: the clocks go back and that time "
            "happens twice.",
        ]

    def test_half_hour_change_on_lord_howe_cuts_only_the_shifts_part(self):
        shift = ShiftRule("Early", (SUN,), 135, 300)  # 02:15 to 05:00
        messages = [w.message for w in warnings_of(shift, tz="Australia/Lord_Howe", code=self.code)]
        assert messages == [
            "Shift “Early” loses 02:15–02:30 on Sun 5 Oct 2025: the clocks go forward and that time "
            "does not exist."
        ]

    def test_saturday_overnight_shift_spills_into_the_change(self):
        shift = ShiftRule("Late", (SAT,), 1320, 150)  # Saturday 22:00 to Sunday 02:30
        messages = [w.message for w in warnings_of(shift, tz="America/New_York", code=self.code)]
        assert [m.split(" on ")[0] for m in messages] == [
            "Shift “Late” loses 02:00–02:30",
            "Shift “Late” runs 01:00–02:00 twice",
        ]

    @pytest.mark.parametrize("tz", ["Asia/Kolkata", CPH])
    def test_no_warning_when_no_change_cuts_a_shift(self, tz):
        assert warnings_of(WEEKDAYS, ShiftRule("Sunday", (SUN,), 600, 900), tz=tz, code=self.code) == []

    def test_holiday_on_the_change_makes_it_irrelevant(self):
        shift = ShiftRule("Small hours", (SUN,), 60, 240)
        holiday = HolidayRule("Easter", datetime.date(2025, 3, 30), datetime.date(2025, 3, 30))
        messages = [w.message for w in warnings_of(shift, holidays=[holiday], code=self.code)]
        assert len(messages) == 1 and "26 Oct 2025" in messages[0]

    def test_only_the_coming_year(self):
        shift = ShiftRule("Small hours", (SUN,), 60, 240)
        found = warnings_of(shift, today=datetime.date(2025, 4, 1), code=self.code)
        assert ["Oct 2025" in w.message for w in found] == [True, False]
        assert "Mar 2026" in found[1].message


@pytest.mark.django_db
def test_business_hours_from_the_database(org):
    holidays = make_holiday_list(
        org,
        holidays=[
            {"name": "Party", "start_date": datetime.date(2030, 6, 8), "end_date": datetime.date(2030, 6, 8)}
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": "Old",
                "start": datetime.datetime(2020, 1, 1, 8),
                "end": datetime.datetime(2020, 1, 1, 9),
            }
        ],
    )
    hours = make_business_hours(org, holiday_list=holidays, override_list=overrides)
    loaded = with_schedules(type(hours).objects.filter(pk=hours.pk)).get()
    found = schedule_warnings(loaded, today=datetime.date(2026, 1, 1), tz="Europe/Copenhagen")
    assert [(w.code, w.subject) for w in found] == [
        (ScheduleWarningCode.WEEKDAYS_WITHOUT_SHIFT, ""),
        (ScheduleWarningCode.HOLIDAY_ON_CLOSED_DAYS, "Party"),
        (ScheduleWarningCode.OVERRIDE_IN_PAST, "Old"),
    ]


class TestHolidayCutsOvernightShift:
    """DOMAIN.md: the after-midnight part of an overnight shift belongs to the next date, so a holiday on
    Friday does not close Saturday 00:00-02:00 of Friday's night shift; schedule checks say so."""

    code = ScheduleWarningCode.HOLIDAY_CUTS_OVERNIGHT_SHIFT
    NIGHT = ShiftRule("Night", (THU, FRI), 1320, 120)  # 22:00-02:00
    FRIDAY = HolidayRule("Founders Day", datetime.date(2025, 6, 6), datetime.date(2025, 6, 6))

    def test_a_holiday_leaves_the_night_after_it_open_and_cuts_the_night_before_it(self):
        found = warnings_of(WEEKDAYS, self.NIGHT, holidays=[self.FRIDAY], code=self.code)
        assert [(w.subject, w.message) for w in found] == [
            (
                "Founders Day",
                "Holiday “Founders Day” (Fri 6 Jun 2025) cuts overnight shift “Night” (22:00–02:00) of Thu 5 Jun "
                "2025 at midnight: the holiday closes the whole date, so the shift ends at 00:00, not 02:00.",
            ),
            (
                "Founders Day",
                "Holiday “Founders Day” (Fri 6 Jun 2025) does not close the part of overnight shift “Night” "
                "(22:00–02:00) after midnight: the contact center is open on Sat 7 Jun 2025 from 00:00 to 02:00.",
            ),
        ]

    def test_the_warning_tells_the_truth_about_the_engine(self):
        schedule = Schedule(shifts=(self.NIGHT,), holidays=(self.FRIDAY,))
        assert schedule.rule_at(datetime.datetime(2025, 6, 7, 1, 0)) == (True, "shift", "Night")
        assert schedule.rule_at(datetime.datetime(2025, 6, 6, 1, 0))[1] == "holiday"

    def test_no_warning_when_the_next_date_is_a_holiday_too(self):
        saturday = HolidayRule("Saturday off", datetime.date(2025, 6, 7), datetime.date(2025, 6, 7))
        thursday = HolidayRule("Thursday off", datetime.date(2025, 6, 5), datetime.date(2025, 6, 5))
        found = warnings_of(self.NIGHT, holidays=[self.FRIDAY, saturday, thursday], code=self.code)
        # Thursday to Saturday are all holidays: each night shift is closed on both sides of midnight.
        assert found == []
        only_saturday = warnings_of(self.NIGHT, holidays=[self.FRIDAY, saturday], code=self.code)
        assert [w.message.split(" of ")[1][:14] for w in only_saturday] == ["Thu 5 Jun 2025"]

    def test_shifts_that_end_at_midnight_or_do_not_cross_it_are_not_cut(self):
        evening = ShiftRule("Evening", (THU, FRI), 1080, 0)  # 18:00-00:00
        assert warnings_of(WEEKDAYS, evening, holidays=[self.FRIDAY], code=self.code) == []

    def test_a_holiday_away_from_the_night_shift_says_nothing(self):
        monday = HolidayRule("Whit Monday", datetime.date(2025, 6, 9), datetime.date(2025, 6, 9))
        assert warnings_of(WEEKDAYS, self.NIGHT, holidays=[monday], code=self.code) == []
