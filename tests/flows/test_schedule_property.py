"""The engine against a brute-force reference: random schedules, random instants, four zones.

The reference below shares no code with the engine: it reads shifts and holidays straight off the
snapshot for one wall-clock reading, places each override in real time by walking minute by minute
through UTC, and finds changes by stepping minute by minute through real (UTC) time.
"""

import calendar as std_calendar
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from flows.choices import Weekday
from flows.models import Shift, find_shift_overlaps
from flows.schedule import HolidayRule, OverrideRule, Schedule, ShiftRule, calendar, status_at

ZONES = ["Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
MINUTE = timedelta(minutes=1)
HORIZON = timedelta(days=8)
CODES = list(Weekday.values)


# --- The reference --------------------------------------------------------------------------


def observed(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29 and not std_calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def holiday_hits(holiday: HolidayRule, day: date) -> list[date]:
    """First days of the holiday's occurrences that cover `day`."""
    if not holiday.repeats_yearly:
        return [holiday.start_date] if holiday.start_date <= day <= holiday.end_date else []
    start, end = holiday.start_date, holiday.end_date
    hits = []
    for year in (day.year - 1, day.year):
        first = observed(year, start.month, start.day)
        end_year = year + 1 if (end.month, end.day) < (start.month, start.day) else year
        if first <= day <= observed(end_year, end.month, end.day):
            hits.append(first)
    return hits


@lru_cache(maxsize=4096)
def reference_period(override: OverrideRule, zone: str) -> tuple[datetime, datetime] | None:
    """[first, last) in UTC: the smallest stretch of real time holding every instant whose wall clock
    reads from the override's start to before its end (DOMAIN.md: one continuous period, no gap in the
    repeated hour). Found by walking every UTC minute that could read so; None if no instant does (the
    override lies wholly in a spring gap). Rules start on whole minutes and clocks change on them."""
    tz = ZoneInfo(zone)
    moment = override.start.replace(tzinfo=UTC) - timedelta(hours=15)
    stop = override.end.replace(tzinfo=UTC) + timedelta(hours=15)
    first = last = None
    while moment < stop:
        if override.start <= moment.astimezone(tz).replace(tzinfo=None) < override.end:
            first = first or moment
            last = moment + MINUTE
        moment += MINUTE
    return (first, last) if first is not None else None


def reference_state(schedule: Schedule, wall: datetime, instant: datetime, zone: str) -> tuple:
    """(is_open, kind, name) at an instant that reads `wall` in `zone`, rule by rule: overrides by
    real time, holidays and shifts by the wall clock."""
    periods = [(reference_period(o, zone), o) for o in schedule.overrides]
    active = [(period[0], o) for period, o in periods if period and period[0] <= instant < period[1]]
    if active:
        latest = max(first for first, _o in active)
        winner = min((o for first, o in active if first == latest), key=lambda o: o.name)
        return (winner.is_open, "override", winner.name)
    day = wall.date()
    hits = [(first, h.name) for h in schedule.holidays for first in holiday_hits(h, day)]
    if hits:
        latest = max(first for first, _ in hits)
        return (False, "holiday", min(name for first, name in hits if first == latest))
    minute = wall.hour * 60 + wall.minute
    today, yesterday = day.weekday(), (day.weekday() - 1) % 7
    for shift in schedule.shifts:
        length = (shift.end_minute - shift.start_minute) % 1440 or 1440
        if today in shift.weekdays and shift.start_minute <= minute < shift.start_minute + length:
            return (True, "shift", shift.name)
        if yesterday in shift.weekdays and minute < shift.start_minute + length - 1440:
            return (True, "shift", shift.name)
    return (False, "closed", "")


def state_at(schedule: Schedule, instant: datetime, tz: ZoneInfo) -> tuple:
    wall = instant.astimezone(tz).replace(tzinfo=None)
    return reference_state(schedule, wall, instant.astimezone(UTC), tz.key)


def engine_state(result) -> tuple:
    return (result.is_open, str(result.rule_kind.value), result.rule_name)


# --- Random scenarios -------------------------------------------------------------------------


@lru_cache
def clock_changes(zone: str) -> tuple[datetime, ...]:
    """UTC hours at which the zone's offset changed in 2024-2027, found by scanning hour by hour."""
    tz, found = ZoneInfo(zone), []
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(tz).utcoffset()
    while moment < datetime(2028, 1, 1, tzinfo=UTC):
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous:
            found.append(moment)
        previous = offset
    return tuple(found) or clock_changes("Europe/Copenhagen")


@lru_cache
def clock_change_minutes(zone: str) -> tuple[int, ...]:
    """Wall-clock minutes on and around the zone's clock changes: the edges of skipped or repeated time."""
    tz, found = ZoneInfo(zone), set()
    for change in clock_changes(zone):
        before = (change - MINUTE).astimezone(tz)
        after = change.astimezone(tz)
        for edge in (before.hour * 60 + before.minute + 1, after.hour * 60 + after.minute):
            found.update((edge + delta) % 1440 for delta in (-15, 0, 10, 15, 30))
    return tuple(sorted(found))


def minutes_of_day(zone: str):
    return st.one_of(
        st.sampled_from(clock_change_minutes(zone)),
        st.sampled_from([0, 480, 540, 1020, 1380, 1439]),
        st.integers(0, 1439),
    )


@st.composite
def instants(draw, zone: str) -> datetime:
    kind = draw(st.sampled_from(["clock change", "clock change", "anywhere", "leap day", "new year"]))
    seconds = timedelta(seconds=draw(st.integers(0, 59)))
    if kind == "clock change":
        anchor = draw(st.sampled_from(clock_changes(zone)))
        hours = draw(st.sampled_from([3, 36]))  # mostly just before it, so the walk crosses it
        return anchor + timedelta(minutes=draw(st.integers(-hours * 60, 60))) + seconds
    if kind == "anywhere":
        return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 4 * 365 * 86400)))
    year = draw(st.integers(2024, 2028))
    anchor = datetime(year, 2, 28, 12) if kind == "leap day" else datetime(year, 12, 31, 12)
    wall = anchor + timedelta(minutes=draw(st.integers(-3 * 1440, 3 * 1440)))
    return wall.replace(tzinfo=ZoneInfo(zone)) + seconds


@st.composite
def shift_sets(draw, zone: str, weekday: int) -> tuple[ShiftRule, ...]:
    """Valid (non-overlapping) shifts, often on `weekday`, the day of the instant under test."""
    candidates = draw(
        st.lists(
            st.tuples(
                st.frozensets(st.integers(0, 6), min_size=1),
                minutes_of_day(zone),
                minutes_of_day(zone),
                st.booleans(),
            ),
            min_size=1,
            max_size=6,
        )
    )
    candidates = [
        (days | {weekday} if on_weekday else days, start, end) for days, start, end, on_weekday in candidates
    ]
    kept: list[Shift] = []
    for index, (days, start, end) in enumerate(candidates):
        shift = Shift(
            name=f"S{index}", weekdays=[CODES[d] for d in sorted(days)], start_minute=start, end_minute=end
        )
        if not find_shift_overlaps([*kept, shift]):
            kept.append(shift)
    return tuple(
        ShiftRule(
            s.name, tuple(Weekday.values.index(code) for code in s.weekdays), s.start_minute, s.end_minute
        )
        for s in kept
    )


@st.composite
def holidays_near(draw, around: date) -> tuple[HolidayRule, ...]:
    holidays = []
    for index in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 4)) == 0:
            start = date(draw(st.sampled_from([2024, 2028])), 2, 29)  # a leap day, observed yearly
            repeats = True
        else:
            start = around + timedelta(days=draw(st.integers(-3, 2)))
            repeats = draw(st.booleans())
            if repeats:  # entered in another year: only month and day count
                year = start.year + draw(st.integers(-2, 1))
                start = start.replace(year=year) if (start.month, start.day) != (2, 29) else date(2024, 2, 29)
        end = start + timedelta(days=draw(st.integers(0, 4)))
        holidays.append(HolidayRule(f"H{draw(st.integers(0, 9))}{index}", start, end, repeats))
    return tuple(holidays)


@st.composite
def overrides_near(draw, around: datetime, zone: str) -> tuple[OverrideRule, ...]:
    """Overrides around a wall-clock reading; often with an end or both ends on the edges of a nearby
    clock change's skipped or repeated time, where real time and the wall clock part."""
    overrides = []
    for index in range(draw(st.integers(0, 3))):
        start = around.replace(second=0, microsecond=0) + timedelta(
            minutes=draw(st.integers(-3 * 1440, 3 * 1440))
        )
        end = start + timedelta(minutes=draw(st.integers(1, 3 * 1440)))
        if draw(st.integers(0, 2)) == 0:
            near = around.date() + timedelta(
                days=draw(st.integers(-1, 1))
            )  # the walk crosses to the next day
            day = datetime.combine(near, datetime.min.time())
            on_edge = st.sampled_from(clock_change_minutes(zone)).map(lambda m: day + timedelta(minutes=m))
            start, end = sorted((draw(on_edge), draw(st.one_of(on_edge, st.just(end)))))
            if start == end:
                end += timedelta(minutes=draw(st.integers(1, 120)))
        overrides.append(OverrideRule(f"O{draw(st.integers(0, 9))}{index}", start, end, draw(st.booleans())))
    return tuple(overrides)


@st.composite
def scenarios(draw) -> tuple[Schedule, ZoneInfo, datetime]:
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    instant = draw(instants(zone))
    wall = instant.astimezone(tz).replace(tzinfo=None)
    schedule = Schedule(
        shifts=draw(shift_sets(zone, wall.weekday())),
        holidays=draw(holidays_near(wall.date())),
        overrides=draw(overrides_near(wall, zone)),
    )
    return schedule, tz, instant


# --- Properties -------------------------------------------------------------------------------


def check_status(schedule: Schedule, tz: ZoneInfo, instant: datetime) -> None:
    """status_at against the reference now, and against a walk minute by minute for what comes next."""
    result = status_at(schedule, instant, tz)
    now = state_at(schedule, instant, tz)
    assert engine_state(result) == now
    event(f"decided by: {now[1]}")

    utc = instant.astimezone(UTC)
    moment, horizon = utc.replace(second=0, microsecond=0) + MINUTE, utc + HORIZON
    change = flip = None
    while moment <= horizon and flip is None:
        state = state_at(schedule, moment, tz)
        if change is None and state != now:
            change = moment
        if state[0] != now[0]:
            flip = moment
        moment += MINUTE

    if change is not None:
        at_clock_change = change.astimezone(tz).utcoffset() != (change - MINUTE).astimezone(tz).utcoffset()
        crosses = change.astimezone(tz).utcoffset() != instant.astimezone(tz).utcoffset()
        event(
            "next change: at a clock change"
            if at_clock_change
            else "next change: after a clock change"
            if crosses
            else "next change: same offset"
        )
    for found, expected in ((result.next_change, change), (result.until, flip)):
        if expected is not None:
            assert found is not None and found.astimezone(UTC) == expected
        else:
            assert found is None or found.astimezone(UTC) > horizon


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_status_and_next_changes_agree_with_a_minute_walk(scenario):
    check_status(*scenario)


@st.composite
def clock_change_scenarios(draw) -> tuple[Schedule, ZoneInfo, datetime]:
    """Shifts only, on the day of a clock change, shortly before it: the walk must get the jump right."""
    zone = draw(st.sampled_from(ZONES[:3]))
    tz = ZoneInfo(zone)
    anchor = draw(st.sampled_from(clock_changes(zone)))
    instant = anchor + timedelta(minutes=draw(st.integers(-180, 30)), seconds=draw(st.integers(0, 59)))
    wall = instant.astimezone(tz).replace(tzinfo=None)
    return Schedule(shifts=draw(shift_sets(zone, wall.weekday()))), tz, instant


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clock_change_scenarios())
def test_status_on_clock_change_days_agrees_with_a_minute_walk(scenario):
    check_status(*scenario)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(1, 3))
def test_calendar_intervals_agree_minute_by_minute(scenario, days):
    schedule, tz, instant = scenario
    start = instant.astimezone(tz).date()
    result = calendar(schedule, start, days, tz)
    spans = result.intervals
    assert spans[0].start.astimezone(UTC) == result.start.astimezone(UTC)
    assert spans[-1].end.astimezone(UTC) == result.end.astimezone(UTC)
    for left, right in pairwise(spans):
        assert left.end.astimezone(UTC) == right.start.astimezone(UTC)
        assert (left.is_open, left.rule_kind, left.rule_name) != (
            right.is_open,
            right.rule_kind,
            right.rule_name,
        )

    moment, index = result.start.astimezone(UTC), 0
    end = result.end.astimezone(UTC)
    while moment < end:
        while spans[index].end.astimezone(UTC) <= moment:
            index += 1
        span = spans[index]
        assert (span.is_open, str(span.rule_kind.value), span.rule_name) == state_at(schedule, moment, tz), (
            moment
        )
        moment += MINUTE
