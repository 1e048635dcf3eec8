"""The business-hours engine case by case in four zones: DST, 30-minute DST (Lord Howe) and none."""

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows.schedule import (
    HolidayRule,
    OverrideRule,
    RuleKind,
    Schedule,
    ShiftRule,
    calendar,
    local_day_start,
    offset_changes,
    offset_changes_near,
    override_period,
    resolve_local,
    status_at,
)

ZONES = ["Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = (MON, TUE, WED, THU, FRI)
ALL_DAYS = tuple(range(7))

OPEN, CLOSED = True, False
SHIFT, HOLIDAY, OVERRIDE, OUTSIDE = RuleKind.SHIFT, RuleKind.HOLIDAY, RuleKind.OVERRIDE, RuleKind.CLOSED


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def shift(name, days, start, end) -> ShiftRule:
    return ShiftRule(name, tuple(days), hm(start), hm(end))


def schedule(*shifts, holidays=(), overrides=()) -> Schedule:
    return Schedule(shifts=tuple(shifts), holidays=tuple(holidays), overrides=tuple(overrides))


def local(zone: str, text: str, fold: int = 0) -> datetime:
    """An aware instant from a wall-clock reading "YYYY-MM-DD HH:MM[:SS]" (fold 1: the second pass)."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone), fold=fold)


def elapsed(start: datetime, end: datetime) -> timedelta:
    return end.astimezone(UTC) - start.astimezone(UTC)


def same_instant(actual: datetime | None, expected: datetime | None) -> bool:
    # Aware datetimes in one zone compare by wall clock and ignore `fold`; compare in UTC instead.
    if actual is None or expected is None:
        return actual is expected
    return actual.astimezone(UTC) == expected.astimezone(UTC)


WEEK_9_17 = schedule(shift("Weekdays", WEEKDAYS, "09:00", "17:00"))
NIGHTS = schedule(shift("Night", (FRI, SUN), "22:00", "06:00"))
ALWAYS = schedule(shift("Always", ALL_DAYS, "00:00", "00:00"))
SATURDAY_24H = schedule(shift("Saturday", (SAT,), "00:00", "00:00"))
MONDAY_FROM_8 = schedule(shift("Day and night", (MON,), "08:00", "08:00"))
CHRISTMAS = schedule(
    shift("Weekdays", WEEKDAYS, "08:00", "17:00"),
    holidays=[HolidayRule("Christmas", date(2024, 12, 24), date(2024, 12, 26))],
)
DAILY = shift("Daily", ALL_DAYS, "08:00", "17:00")
LEAP_DAY = schedule(DAILY, holidays=[HolidayRule("Leap day", date(2024, 2, 29), date(2024, 2, 29), True)])
AROUND_LEAP_DAY = schedule(DAILY, holidays=[HolidayRule("Around", date(2024, 2, 28), date(2024, 3, 1), True)])
NEW_YEAR = schedule(DAILY, holidays=[HolidayRule("New Year", date(2023, 12, 31), date(2024, 1, 2), True)])
OVERRIDES = schedule(
    shift("Weekdays", WEEKDAYS, "09:00", "17:00"),
    overrides=[
        OverrideRule("Late opening", datetime(2025, 1, 11, 20), datetime(2025, 1, 12, 2), True),
        OverrideRule("Strike", datetime(2025, 1, 14, 12), datetime(2025, 1, 16, 10), False),
    ],
)
PRECEDENCE = schedule(
    DAILY,
    holidays=[
        HolidayRule("Christmas Day", date(2020, 12, 25), date(2020, 12, 25), True),
        HolidayRule("Summer closure", date(2025, 7, 1), date(2025, 7, 31)),
        HolidayRule("Founders Day", date(2025, 7, 10), date(2025, 7, 10)),
    ],
    overrides=[
        OverrideRule("Christmas hotline", datetime(2025, 12, 25, 10), datetime(2025, 12, 25, 12), True),
        OverrideRule("Power cut", datetime(2025, 12, 25, 11), datetime(2025, 12, 25, 11, 30), False),
    ],
)


@dataclass(frozen=True)
class Case:
    id: str
    schedule: Schedule
    at: str
    expect: (
        str  # "closed", "shift:<name>", "holiday:<name>", "open override:<name>", "closed override:<name>"
    )
    next_change: str | None
    until: str | None = "same"  # "same": equal to next_change

    @property
    def state(self) -> tuple:
        kind, _, name = self.expect.partition(":")
        return {
            "closed": (CLOSED, OUTSIDE),
            "shift": (OPEN, SHIFT),
            "holiday": (CLOSED, HOLIDAY),
            "open override": (OPEN, OVERRIDE),
            "closed override": (CLOSED, OVERRIDE),
        }[kind] + (name,)


W, N, X, P, V = WEEK_9_17, NIGHTS, CHRISTMAS, PRECEDENCE, OVERRIDES
# Wall-clock cases away from clock changes: the answer reads the same in every zone.
# fmt: off
CASES = [
    Case("weekday 08:59", W, "2025-01-06 08:59", "closed", "2025-01-06 09:00"),
    Case("weekday 09:00", W, "2025-01-06 09:00", "shift:Weekdays", "2025-01-06 17:00"),
    Case("last open second", W, "2025-01-06 16:59:59", "shift:Weekdays", "2025-01-06 17:00"),
    Case("weekday 17:00", W, "2025-01-06 17:00", "closed", "2025-01-07 09:00"),
    Case("friday evening", W, "2025-01-10 18:00", "closed", "2025-01-13 09:00"),
    Case("before night shift", N, "2025-01-10 21:59", "closed", "2025-01-10 22:00"),
    Case("night after midnight", N, "2025-01-11 05:59", "shift:Night", "2025-01-11 06:00"),
    Case("night shift over", N, "2025-01-11 06:00", "closed", "2025-01-12 22:00"),
    Case("sunday night to monday", N, "2025-01-13 03:00", "shift:Night", "2025-01-13 06:00"),
    Case("always open", ALWAYS, "2025-01-08 12:00", "shift:Always", None, None),
    Case("24 h saturday", SATURDAY_24H, "2025-01-11 23:59", "shift:Saturday", "2025-01-12 00:00"),
    Case("24 h from 08:00", MONDAY_FROM_8, "2025-01-07 07:59", "shift:Day and night", "2025-01-07 08:00"),
    Case("christmas eve", X, "2024-12-24 10:00", "holiday:Christmas", "2024-12-27 00:00", "2024-12-27 08:00"),
    Case("last holiday minute", X, "2024-12-26 23:59", "holiday:Christmas", "2024-12-27 00:00",
         "2024-12-27 08:00"),
    Case("evening before", X, "2024-12-23 20:00", "closed", "2024-12-24 00:00", "2024-12-27 08:00"),
    Case("day before holiday", X, "2024-12-23 16:00", "shift:Weekdays", "2024-12-23 17:00"),
    Case("29 feb in 2025", LEAP_DAY, "2025-02-28 10:00", "holiday:Leap day", "2025-03-01 00:00",
         "2025-03-01 08:00"),
    Case("1 mar 2025", LEAP_DAY, "2025-03-01 10:00", "shift:Daily", "2025-03-01 17:00"),
    Case("29 feb 2028", LEAP_DAY, "2028-02-29 10:00", "holiday:Leap day", "2028-03-01 00:00",
         "2028-03-01 08:00"),
    Case("28 feb 2028", LEAP_DAY, "2028-02-28 16:00", "shift:Daily", "2028-02-28 17:00"),
    Case("29 feb 2024", LEAP_DAY, "2024-02-29 09:00", "holiday:Leap day", "2024-03-01 00:00",
         "2024-03-01 08:00"),
    Case("27 feb common year", AROUND_LEAP_DAY, "2025-02-27 16:00", "shift:Daily", "2025-02-27 17:00"),
    Case("28 feb-1 mar common", AROUND_LEAP_DAY, "2025-02-28 12:00", "holiday:Around", "2025-03-02 00:00",
         "2025-03-02 08:00"),
    Case("across new year", NEW_YEAR, "2025-12-31 10:00", "holiday:New Year", "2026-01-03 00:00",
         "2026-01-03 08:00"),
    Case("last year's occurrence", NEW_YEAR, "2025-01-01 12:00", "holiday:New Year", "2025-01-03 00:00",
         "2025-01-03 08:00"),
    Case("after new year", NEW_YEAR, "2025-01-03 09:00", "shift:Daily", "2025-01-03 17:00"),
    Case("before new year", NEW_YEAR, "2025-12-30 16:00", "shift:Daily", "2025-12-30 17:00"),
    Case("before open override", V, "2025-01-11 19:59", "closed", "2025-01-11 20:00"),
    Case("open override", V, "2025-01-11 23:00", "open override:Late opening", "2025-01-12 02:00"),
    Case("open past midnight", V, "2025-01-12 01:59", "open override:Late opening", "2025-01-12 02:00"),
    Case("open override over", V, "2025-01-12 02:00", "closed", "2025-01-13 09:00"),
    Case("before closed override", V, "2025-01-14 11:00", "shift:Weekdays", "2025-01-14 12:00"),
    Case("closed for days", V, "2025-01-15 10:00", "closed override:Strike", "2025-01-16 10:00"),
    Case("closed at night", V, "2025-01-14 23:00", "closed override:Strike", "2025-01-16 10:00"),
    Case("shift resumes midday", V, "2025-01-16 10:00", "shift:Weekdays", "2025-01-16 17:00"),
    Case("holiday beats shift", P, "2025-12-25 09:00", "holiday:Christmas Day", "2025-12-25 10:00"),
    Case("override wins", P, "2025-12-25 10:30", "open override:Christmas hotline", "2025-12-25 11:00"),
    Case("later override wins", P, "2025-12-25 11:15", "closed override:Power cut", "2025-12-25 11:30"),
    Case("earlier override again", P, "2025-12-25 11:30", "open override:Christmas hotline",
         "2025-12-25 12:00"),
    Case("holiday after override", P, "2025-12-25 12:00", "holiday:Christmas Day", "2025-12-26 00:00",
         "2025-12-26 08:00"),
    Case("day before christmas", P, "2025-12-24 10:00", "shift:Daily", "2025-12-24 17:00"),
    Case("rule change, no flip", P, "2025-07-09 12:00", "holiday:Summer closure", "2025-07-10 00:00",
         "2025-08-01 08:00"),
    Case("later holiday wins", P, "2025-07-10 12:00", "holiday:Founders Day", "2025-07-11 00:00",
         "2025-08-01 08:00"),
]
# fmt: on


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_status(case: Case, zone: str):
    tz = ZoneInfo(zone)
    status = status_at(case.schedule, local(zone, case.at), tz)
    assert (status.is_open, status.rule_kind, status.rule_name) == case.state
    expected_change = local(zone, case.next_change) if case.next_change else None
    assert same_instant(status.next_change, expected_change), status.next_change
    if case.until == "same":
        expected_until = expected_change
    else:
        expected_until = local(zone, case.until) if case.until else None
    assert same_instant(status.until, expected_until), status.until
    assert status.at.tzinfo is tz


# --- Clock changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """One zone's clock changes in 2025 (both on Sundays) as local wall-clock readings."""

    zone: str
    spring: str  # the date the clocks go forward
    gap: tuple[str, str]  # readings that do not exist that day
    autumn: str
    repeat: tuple[str, str]  # readings that happen twice that day


CLOCKS = [
    Clock("Europe/Copenhagen", "2025-03-30", ("02:00", "03:00"), "2025-10-26", ("02:00", "03:00")),
    Clock("America/New_York", "2025-03-09", ("02:00", "03:00"), "2025-11-02", ("01:00", "02:00")),
    Clock("Australia/Lord_Howe", "2025-10-05", ("02:00", "02:30"), "2025-04-06", ("01:30", "02:00")),
]
CLOCK_IDS = [clock.zone for clock in CLOCKS]


def plus(reading: str, minutes: int) -> str:
    return f"{hm(reading) // 60 + (hm(reading) % 60 + minutes) // 60:02d}:{(hm(reading) + minutes) % 60:02d}"


def middle(span: tuple[str, str]) -> str:
    return plus(span[0], (hm(span[1]) - hm(span[0])) // 2)


def status(sched: Schedule, zone: str, reading: str, fold: int = 0):
    return status_at(sched, local(zone, reading, fold), ZoneInfo(zone))


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_shift_over_the_skipped_hour_is_shorter(clock: Clock):
    start, end = plus(clock.gap[0], -60), plus(clock.gap[1], 60)
    sched = schedule(shift("Sunday", (SUN,), start, end))
    opened = status(sched, clock.zone, f"{clock.spring} {start}")
    assert opened.is_open and opened.rule_name == "Sunday"
    assert same_instant(opened.until, local(clock.zone, f"{clock.spring} {end}"))
    gap = hm(clock.gap[1]) - hm(clock.gap[0])
    assert elapsed(opened.at, opened.until) == timedelta(minutes=hm(end) - hm(start) - gap)


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_shift_starting_in_the_gap_opens_when_the_clocks_jump(clock: Clock):
    start = middle(clock.gap)
    sched = schedule(shift("Early", (SUN,), start, "06:00"))
    before = status(sched, clock.zone, f"{clock.spring} {plus(clock.gap[0], -30)}")
    jump = local(clock.zone, f"{clock.spring} {clock.gap[1]}")
    assert not before.is_open
    assert same_instant(before.next_change, jump)
    at_jump = status_at(sched, jump, ZoneInfo(clock.zone))
    assert (at_jump.is_open, at_jump.rule_name) == (True, "Early")
    assert same_instant(at_jump.until, local(clock.zone, f"{clock.spring} 06:00"))
    typed_at = resolve_local(datetime.fromisoformat(f"{clock.spring} {start}"), ZoneInfo(clock.zone)).instant
    typed = status_at(sched, typed_at, ZoneInfo(clock.zone))
    assert typed.is_open and same_instant(typed.at, jump)


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_shift_wholly_in_the_gap_does_not_open_that_day(clock: Clock):
    start, end = plus(clock.gap[0], 5), plus(clock.gap[1], -5)
    sched = schedule(shift("Phantom", (SUN,), start, end))
    result = status(sched, clock.zone, f"{clock.spring} 01:00")
    next_sunday = date.fromisoformat(clock.spring) + timedelta(days=7)
    assert not result.is_open
    assert same_instant(result.until, local(clock.zone, f"{next_sunday} {start}"))


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_repeated_hour_follows_the_wall_clock(clock: Clock):
    first, mid = clock.repeat[0], middle(clock.repeat)
    sched = schedule(shift("Small hours", (SUN,), "00:00", mid))
    day = clock.autumn
    for fold in (0, 1):
        assert status(sched, clock.zone, f"{day} {plus(first, 5)}", fold).is_open

    after_first_pass = status(sched, clock.zone, f"{day} {plus(mid, 5)}", fold=0)
    jump = local(clock.zone, f"{day} {first}", fold=1)
    assert not after_first_pass.is_open
    assert same_instant(after_first_pass.next_change, jump)

    at_jump = status_at(sched, jump, ZoneInfo(clock.zone))
    assert (at_jump.is_open, at_jump.rule_name) == (True, "Small hours")
    assert same_instant(at_jump.until, local(clock.zone, f"{day} {mid}", fold=1))
    second_pass = status(sched, clock.zone, f"{day} {plus(mid, 5)}", fold=1)
    assert not second_pass.is_open
    assert same_instant(
        second_pass.until, local(clock.zone, f"{date.fromisoformat(day) + timedelta(days=7)} 00:00")
    )


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_shift_over_the_repeated_hour_is_longer(clock: Clock):
    sched = schedule(shift("Sunday", (SUN,), "00:00", "04:00"))
    opened = status(sched, clock.zone, f"{clock.autumn} 00:00")
    repeated = hm(clock.repeat[1]) - hm(clock.repeat[0])
    assert same_instant(opened.until, local(clock.zone, f"{clock.autumn} 04:00"))
    assert elapsed(opened.at, opened.until) == timedelta(minutes=240 + repeated)
    # The clock change itself changes nothing: the same shift decides on both sides.
    assert same_instant(opened.next_change, opened.until)


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_shift_starting_in_the_repeated_hour_closes_when_the_clocks_go_back(clock: Clock):
    first, mid = clock.repeat[0], middle(clock.repeat)
    sched = schedule(shift("Dawn", (SUN,), mid, "05:00"))
    opened = status(sched, clock.zone, f"{clock.autumn} {plus(mid, 5)}", fold=0)
    assert opened.is_open
    assert same_instant(opened.next_change, local(clock.zone, f"{clock.autumn} {first}", fold=1))
    reopened = status(sched, clock.zone, f"{clock.autumn} {first}", fold=1)
    assert not reopened.is_open
    assert same_instant(reopened.until, local(clock.zone, f"{clock.autumn} {mid}", fold=1))


def test_zone_without_dst_has_no_clock_changes():
    tz = ZoneInfo("Asia/Kolkata")
    assert (
        offset_changes(
            local("Asia/Kolkata", "2025-01-01 00:00"), local("Asia/Kolkata", "2026-01-01 00:00"), tz
        )
        == []
    )
    sched = schedule(shift("Early", (SUN,), "02:30", "06:00"))
    result = status(sched, "Asia/Kolkata", "2025-03-30 01:00")
    assert same_instant(result.until, local("Asia/Kolkata", "2025-03-30 02:30"))
    assert elapsed(result.at, result.until) == timedelta(minutes=90)


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_resolve_local_reports_skipped_and_repeated_readings(clock: Clock):
    tz = ZoneInfo(clock.zone)
    skipped = resolve_local(datetime.fromisoformat(f"{clock.spring} {middle(clock.gap)}"), tz)
    assert skipped.skipped and not skipped.repeated
    assert same_instant(skipped.instant, local(clock.zone, f"{clock.spring} {clock.gap[1]}"))

    reading = f"{clock.autumn} {middle(clock.repeat)}"
    repeated = resolve_local(datetime.fromisoformat(reading), tz)
    assert repeated.repeated and not repeated.skipped
    assert same_instant(repeated.instant, local(clock.zone, reading, 0))
    assert same_instant(repeated.second_instant, local(clock.zone, reading, 1))
    repeat_length = timedelta(minutes=hm(clock.repeat[1]) - hm(clock.repeat[0]))
    assert elapsed(repeated.instant, repeated.second_instant) == repeat_length

    plain = resolve_local(datetime.fromisoformat(f"{clock.autumn} 12:00"), tz)
    assert not plain.skipped and not plain.repeated and plain.second_instant is None


@pytest.mark.parametrize("clock", CLOCKS, ids=CLOCK_IDS)
def test_offset_changes_near(clock: Clock):
    tz = ZoneInfo(clock.zone)
    near = offset_changes_near(local(clock.zone, f"{clock.autumn} 12:00"), tz)
    assert len(near) == 1 and not near[0].forward
    assert near[0].local_after.time().strftime("%H:%M") == clock.repeat[0]
    assert near[0].local_before.time().strftime("%H:%M") == clock.repeat[1]
    two_days_before = datetime.fromisoformat(f"{clock.autumn} 12:00") - timedelta(days=2)
    assert offset_changes_near(two_days_before.replace(tzinfo=tz), tz) == []
    spring = offset_changes_near(local(clock.zone, f"{clock.spring} 00:30"), tz)
    assert len(spring) == 1 and spring[0].forward
    assert spring[0].local_before.time().strftime("%H:%M") == clock.gap[0]


# --- Labels -------------------------------------------------------------------------------------

CPH = "Europe/Copenhagen"


@pytest.mark.parametrize(
    ("sched", "reading", "label"),
    [
        (WEEK_9_17, "2025-01-06 10:00", "Open · until 17:00 (Weekdays)"),
        (CHRISTMAS, "2024-12-24 10:00", "Closed · Christmas · opens 27 Dec 08:00"),
        (WEEK_9_17, "2025-01-06 08:00", "Closed · outside working hours · opens 09:00"),
        (WEEK_9_17, "2025-01-11 08:00", "Closed · outside working hours · opens 13 Jan 09:00"),
        (OVERRIDES, "2025-01-15 10:00", "Closed · Strike · opens 16 Jan 10:00"),
        (OVERRIDES, "2025-01-11 23:00", "Open · until 12 Jan 02:00 (Late opening)"),
        (NEW_YEAR, "2025-12-31 10:00", "Closed · New Year · opens Sat 3 Jan 2026 08:00"),
        (ALWAYS, "2025-01-06 10:00", "Open (Always)"),
        (schedule(), "2025-01-06 10:00", "Closed · outside working hours"),
    ],
)
def test_label(sched, reading, label):
    assert status(sched, CPH, reading).label() == label


def test_naive_instant_is_refused():
    with pytest.raises(ValueError, match="aware"):
        status_at(WEEK_9_17, datetime(2025, 1, 6, 10), ZoneInfo(CPH))


def test_the_instant_may_be_given_in_any_zone():
    instant = datetime(2025, 1, 6, 8, 30, tzinfo=UTC)  # 09:30 in Copenhagen, 03:30 in New York
    assert status_at(WEEK_9_17, instant, ZoneInfo(CPH)).is_open
    assert not status_at(WEEK_9_17, instant, ZoneInfo("America/New_York")).is_open


def test_nothing_changes_within_the_horizon():
    sched = schedule(
        shift("Once", (MON,), "09:00", "10:00"),
        holidays=[HolidayRule("Year off", date(2025, 1, 1), date(2026, 6, 30))],
    )
    result = status(sched, CPH, "2025-01-06 09:30")
    assert result.rule_kind == HOLIDAY and result.next_change is None and result.until is None


# --- Calendar -----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_calendar_covers_whole_local_days_without_gaps(zone: str):
    tz = ZoneInfo(zone)
    result = calendar(PRECEDENCE, date(2025, 12, 22), 14, tz)
    assert same_instant(result.start, local(zone, "2025-12-22 00:00"))
    assert same_instant(result.end, local(zone, "2026-01-05 00:00"))
    spans = result.intervals
    assert same_instant(spans[0].start, result.start) and same_instant(spans[-1].end, result.end)
    for left, right in pairwise(spans):
        assert same_instant(left.end, right.start)
        assert (left.is_open, left.rule_kind, left.rule_name) != (
            right.is_open,
            right.rule_kind,
            right.rule_name,
        )
    christmas = [span for span in spans if span.start.date() == date(2025, 12, 25)]
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.reason) for s in christmas] == [
        ("00:00", "10:00", "Christmas Day"),
        ("10:00", "11:00", "Christmas hotline"),
        ("11:00", "11:30", "Power cut"),
        ("11:30", "12:00", "Christmas hotline"),
        ("12:00", "00:00", "Christmas Day"),
    ]
    assert sum(span.is_open for span in spans) == 13 + 2  # 13 working days, the hotline twice


def test_calendar_marks_clock_changes_and_splits_days():
    tz = ZoneInfo(CPH)
    result = calendar(
        schedule(shift("Night", ALL_DAYS, "22:00", "06:00")), date(2025, 3, 29), 2, tz, split_days=True
    )
    assert [change.label() for change in result.offset_changes] == [
        "30 Mar 2025: clocks go forward from 02:00 to 03:00"
    ]
    assert [(s.start.isoformat(), s.end.isoformat(), s.is_open) for s in result.intervals] == [
        ("2025-03-29T00:00:00+01:00", "2025-03-29T06:00:00+01:00", True),
        ("2025-03-29T06:00:00+01:00", "2025-03-29T22:00:00+01:00", False),
        ("2025-03-29T22:00:00+01:00", "2025-03-30T00:00:00+01:00", True),
        ("2025-03-30T00:00:00+01:00", "2025-03-30T06:00:00+02:00", True),
        ("2025-03-30T06:00:00+02:00", "2025-03-30T22:00:00+02:00", False),
        ("2025-03-30T22:00:00+02:00", "2025-03-31T00:00:00+02:00", True),
    ]
    unsplit = calendar(
        schedule(shift("Night", ALL_DAYS, "22:00", "06:00")), date(2025, 3, 29), 2, tz
    ).intervals
    assert len(unsplit) == 5  # the night across midnight is one interval
    assert elapsed(unsplit[2].start, unsplit[2].end) == timedelta(hours=7)  # 22:00 to 06:00, an hour skipped


def test_calendar_in_the_repeated_hour():
    zone = "America/New_York"
    sched = schedule(shift("Small hours", (SUN,), "00:00", "01:30"))
    spans = calendar(sched, date(2025, 11, 2), 1, ZoneInfo(zone)).intervals
    expected = [
        (local(zone, "2025-11-02 00:00"), True),
        (local(zone, "2025-11-02 01:30", 0), False),
        (local(zone, "2025-11-02 01:00", 1), True),
        (local(zone, "2025-11-02 01:30", 1), False),
    ]
    assert len(spans) == len(expected)
    for span, (start, is_open) in zip(spans, expected, strict=True):
        assert same_instant(span.start, start) and span.is_open == is_open
    assert same_instant(spans[-1].end, local(zone, "2025-11-03 00:00"))


def test_calendar_refuses_no_days():
    with pytest.raises(ValueError, match="days"):
        calendar(WEEK_9_17, date(2025, 1, 1), 0, ZoneInfo(CPH))


def test_local_day_start_when_midnight_is_skipped():
    # Chile moves its clocks at midnight: 7 Sep 2025 starts at 01:00.
    tz = ZoneInfo("America/Santiago")
    start = local_day_start(date(2025, 9, 7), tz)
    assert start.strftime("%H:%M") == "01:00"
    assert start.astimezone(UTC) == datetime(2025, 9, 7, 4, 0, tzinfo=UTC)


def test_snapshot_caches_do_not_leak_between_schedules():
    tz = ZoneInfo(CPH)
    early = schedule(shift("Early", WEEKDAYS, "06:00", "10:00"))
    late = schedule(shift("Late", WEEKDAYS, "14:00", "22:00"))
    instant = local(CPH, "2025-01-06 08:00")
    assert status_at(early, instant, tz).is_open
    assert not status_at(late, instant, tz).is_open
    assert status_at(early, instant, tz).is_open


def test_the_engine_imports_no_orm():
    """The engine is pure: a fresh interpreter that imports it loads neither django.db nor another module
    of the app (flows.snapshots builds schedules from models and imports the engine, never the reverse)."""
    code = (
        "import sys; from django.conf import settings; settings.configure(); import flows.schedule; "
        "print(sorted(m for m in sys.modules if m.startswith(('django.db', 'flows'))))"
    )
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert found.stdout.strip() == "['flows', 'flows.schedule']"


# --- Overrides are periods of real time ---------------------------------------------------------
# DOMAIN.md: an override runs from the first moment its start's wall time occurs to the last moment its
# end's wall time occurs; a wall time the clocks skip is read as the jump. Shifts stay on the wall clock.

ALWAYS_OPEN = shift("Always", ALL_DAYS, "00:00", "00:00")


def closure(start: str, end: str, name: str = "Emergency") -> Schedule:
    return schedule(
        ALWAYS_OPEN,
        overrides=[OverrideRule(name, datetime.fromisoformat(start), datetime.fromisoformat(end), False)],
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_an_emergency_closure_across_the_repeated_hour_has_no_gap():
    # The case: 25 Oct 2026, Copenhagen goes back from 03:00 CEST to 02:00 CET.
    sched = closure("2026-10-25 02:30", "2026-10-25 05:00")
    tz = ZoneInfo(CPH)
    for reading, fold in [("02:30", 0), ("02:59", 0), ("02:00", 1), ("02:15", 1), ("02:45", 1), ("04:59", 0)]:
        result = status(sched, CPH, f"2026-10-25 {reading}", fold)
        assert (result.is_open, result.rule_kind, result.rule_name) == (CLOSED, OVERRIDE, "Emergency"), (
            reading
        )
    first = status(sched, CPH, "2026-10-25 02:30")
    assert same_instant(first.until, utc("2026-10-25 04:00"))  # 05:00 CET: 3 h 30 min of real time
    assert same_instant(first.next_change, first.until)
    assert status(sched, CPH, "2026-10-25 02:29").is_open
    assert status(sched, CPH, "2026-10-25 05:00").is_open

    day = calendar(sched, date(2026, 10, 25), 1, tz).intervals
    assert [
        (s.start.astimezone(UTC).strftime("%H:%M"), s.end.astimezone(UTC).strftime("%H:%M"), s.is_open)
        for s in day
    ] == [("22:00", "00:30", True), ("00:30", "04:00", False), ("04:00", "23:00", True)]


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        # Ends inside the repeated hour: at its last occurrence, the second pass.
        ("2026-10-25 01:00", "2026-10-25 02:30", "2026-10-24 23:00", "2026-10-25 01:30"),
        # Starts inside it: at its first occurrence, the first pass.
        ("2026-10-25 02:30", "2026-10-25 02:45", "2026-10-25 00:30", "2026-10-25 01:45"),
        # Ends where the repeated hour begins: at the first 02:00. The second is reached by falling back
        # from 02:59, a time after the end (the reference walk found this edge).
        ("2026-10-25 01:45", "2026-10-25 02:00", "2026-10-24 23:45", "2026-10-25 00:00"),
        # Starts there: at the first 02:00 too, and runs through the second pass to 02:15.
        ("2026-10-25 02:00", "2026-10-25 02:15", "2026-10-25 00:00", "2026-10-25 01:15"),
        # Starts in the spring gap (02:00-03:00 is skipped on 29 Mar 2026): at the jump, 03:00 CEST.
        ("2026-03-29 02:30", "2026-03-29 04:00", "2026-03-29 01:00", "2026-03-29 02:00"),
        # Ends in the gap: at the jump too; 01:00-02:30 lasts one hour of real time.
        ("2026-03-29 01:00", "2026-03-29 02:30", "2026-03-29 00:00", "2026-03-29 01:00"),
        # Wholly in the gap: no instant reads those times, so it covers nothing.
        ("2026-03-29 02:10", "2026-03-29 02:40", "2026-03-29 01:00", "2026-03-29 01:00"),
        # Away from clock changes the wall clock and real time agree.
        ("2026-06-01 09:00", "2026-06-01 10:00", "2026-06-01 07:00", "2026-06-01 08:00"),
    ],
)
def test_override_period_on_skipped_and_repeated_times(start, end, first, last):
    period = override_period(datetime.fromisoformat(start), datetime.fromisoformat(end), ZoneInfo(CPH))
    assert [moment.astimezone(UTC) for moment in period] == [utc(first), utc(last)]


def test_an_override_in_the_spring_gap_takes_effect_at_the_jump():
    sched = closure("2026-03-29 02:30", "2026-03-29 04:00")
    before = status(sched, CPH, "2026-03-29 01:59")
    assert before.is_open and same_instant(before.until, utc("2026-03-29 01:00"))  # 03:00 CEST
    at_jump = status_at(sched, utc("2026-03-29 01:00"), ZoneInfo(CPH))
    assert (at_jump.is_open, at_jump.rule_name) == (CLOSED, "Emergency")
    assert same_instant(at_jump.until, local(CPH, "2026-03-29 04:00"))

    ending_in_gap = closure("2026-03-29 01:00", "2026-03-29 02:30")
    closed = status(ending_in_gap, CPH, "2026-03-29 01:30")
    assert not closed.is_open and same_instant(closed.until, utc("2026-03-29 01:00"))
    assert status(ending_in_gap, CPH, "2026-03-29 03:00").is_open

    phantom = closure("2026-03-29 02:10", "2026-03-29 02:40")
    assert status(phantom, CPH, "2026-03-29 03:00").is_open
    assert all(span.is_open for span in calendar(phantom, date(2026, 3, 29), 1, ZoneInfo(CPH)).intervals)


def test_an_override_across_the_repeated_hour_is_one_period_in_every_zone_with_dst():
    for clock in CLOCKS:
        first, mid = clock.repeat[0], middle(clock.repeat)
        sched = closure(f"{clock.autumn} {mid}", f"{clock.autumn} 05:00")
        # The second pass of the hour before `mid` falls inside the closure: real time is continuous.
        result = status(sched, clock.zone, f"{clock.autumn} {plus(first, 5)}", fold=1)
        assert (result.is_open, result.rule_name) == (CLOSED, "Emergency"), clock.zone
        opened = status(sched, clock.zone, f"{clock.autumn} {mid}")
        assert same_instant(opened.until, local(clock.zone, f"{clock.autumn} 05:00"))
