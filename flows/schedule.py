"""The business-hours engine: open or closed at an instant, which rule decided, and until when.

The engine reads no database and imports no ORM. Callers build a schedule once
(``flows.snapshots.schedule_of`` on a BusinessHours loaded with its rows, see ``flows.selectors``) and
hand it in, so a list of a thousand channels costs no query per row.

Public API
----------
- ``Schedule`` (with ``ShiftRule``, ``HolidayRule``, ``OverrideRule``): an immutable snapshot.
- ``status_at(schedule, instant, tz) -> Status``: open or closed now, the deciding rule, the next
  change of state and the next time it opens or closes; ``Status.label()`` is the short text the
  consoles show ("Open · until 17:00 (Weekdays)", "Closed · Christmas · opens 27 Dec 08:00").
- ``resolve_local(local, tz)``: the instant a wall-clock date and time typed by a person (Test
  routing) names, with whether that time is skipped or repeated by a clock change.
- ``calendar(schedule, start, days, tz) -> Calendar``: open and closed intervals with their reasons
  over whole local days, and the clock changes in that range (``split_days=True`` cuts intervals at
  local midnight, for a week grid).
- ``Schedule.rule_at(local)``: the state for a naive wall-clock reading on a clock that never changes;
  ``Schedule.open_weekdays()``.
- ``override_period(start, end, tz)``: the real period an override's wall-clock start and end cover.
- ``shift_overlaps(shifts)``: which shifts share a minute of the week, by a sweep (``find_shift_overlaps``
  in ``flows.models`` names them).
- ``offset_changes(start, end, tz)`` and ``offset_changes_near(instant, tz, hours=24)``: clock
  changes (DST and any other change of UTC offset) as ``OffsetChange``.

Semantics
---------
A schedule is evaluated in the zone it is given (the channel's zone). Shifts and holidays follow
LOCAL WALL-CLOCK time: 09:00 means 09:00 in winter and in summer. Overrides are periods of REAL
time (``override_period``). The state at an instant is decided by the first of these rules that
applies:

1. Override: active from the first instant whose wall clock reads its start to the last instant whose
   wall clock reads its end (end excluded), i.e. over every instant whose local time lies between
   start and end, as one continuous period: an emergency closure across the autumn hour that happens
   twice has no gap (DOMAIN.md, *Business hours*). A start or end the clocks skip (spring) is read as
   the jump, the first instant after it; an override wholly inside a gap covers nothing. When
   overrides overlap, the one that started last (in real time) wins (ties: the name that sorts first).
2. Holiday: closed for the whole local date(s) from ``start_date`` to ``end_date`` inclusive, from
   00:00 of the first day to 00:00 after the last, including the early hours of an overnight shift
   that began the evening before. A yearly holiday is observed on the same month and day every
   year (before and after the year it was entered with); when its end's month/day comes before its
   start's, it runs across New Year into the next year. A yearly holiday on 29 February is observed
   on 28 February in years that have no 29 February. Overlapping holidays: the one that started
   last wins (ties: the name that sorts first).
3. Shifts: a shift belongs to the weekday it starts on; ``end <= start`` runs past midnight into
   the next day and ``end == start`` lasts 24 hours. Shifts are validated not to overlap when saved
   (``find_shift_overlaps``); should they overlap anyway, the shift with the earlier start (then
   the name that sorts first) decides.
4. Otherwise closed ("outside working hours").

Clock changes follow from "the wall clock decides" for shifts and holidays:
- In the autumn repeated hour both passes of, say, 02:30 have the same shift or holiday state (an
  override may cover one pass and not the other: it ends at the last 02:30); a shift that ends at
  02:30 therefore closes at the first 02:30, opens again when the clocks go back to 02:00 and
  closes again at the second 02:30.
- In the spring gap, a rule that starts at a wall-clock time that does not exist takes effect at
  the first instant that exists after it (the moment the clocks jump); a shift that lies wholly in
  the gap does not open that day. ``flows.checks`` warns about such shifts.

The state is the triple (open or closed, kind of deciding rule, rule name); ``Status.next_change``
is the first instant after the given one at which that triple differs, ``Status.until`` the first
at which open/closed differs. Both are None when nothing changes within ``HORIZON_DAYS``.
Times are handled to the second; fractions of a second in rules are ignored.

Speed: rules become sorted boundary tables, cached by value per process (schedules with the same
shifts, or sharing a holiday or override list, share tables; override tables are per zone, in UTC) and on the Schedule; clock changes are
found once per zone and range of years; the next change is found by jumping between candidate
boundaries (rule edges and clock changes), never by walking minutes, and the search for the next
open/closed flip skips edges that only change the rule. ``benchmarks/channel_status.py`` measures
1,000 channels. Tables are built by sweeps (O(n log n) in the rules, overlapping holidays and
overrides included) and hold only the years asked for (a yearly holiday is expanded for those years
alone), so with the row limits of ``flows.services`` a calendar or a Test routing request costs a
bounded amount of work whatever the rows.
"""

from __future__ import annotations

import calendar as _calendar
import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property, lru_cache
from heapq import heappop, heappush
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.formats import day_and_time

HORIZON_DAYS = 400
DAY = 86_400
WEEK = 7 * DAY
_SECOND = timedelta(seconds=1)
_EPOCH = datetime(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_WEEKDAY_OF_EPOCH = 3  # 1 January 1970 was a Thursday (Monday = 0, as date.weekday() counts)
_BEFORE_ALL = -(10**15)
_AFTER_ALL = 10**15


class RuleKind(StrEnum):
    """The kind of rule that decided. A plain enum with a translatable `label`, as Django's TextChoices
    has, without importing the ORM that TextChoices comes with."""

    OVERRIDE = "override", gettext_lazy("Override")
    HOLIDAY = "holiday", gettext_lazy("Holiday")
    SHIFT = "shift", gettext_lazy("Shift")
    CLOSED = "closed", gettext_lazy("Outside working hours")

    label: str

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


# A state is (is_open, kind, rule name); plain tuples keep comparisons cheap in the hot loop.
State = tuple[bool, RuleKind, str]
_CLOSED: State = (False, RuleKind.CLOSED, "")


# --- The snapshot ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShiftRule:
    """A weekly shift, and the one place that says what a shift covers.

    A shift belongs to the weekday it starts on; when its end is at or before its start it runs past
    midnight into the next day (``end == start`` lasts 24 hours), and a Sunday night runs into
    Monday morning. The model's ``Shift``, the overlap check, the week view and the engine's tables
    all take their coverage from here.
    """

    name: str
    weekdays: tuple[int, ...]  # Monday = 0 … Sunday = 6
    start_minute: int
    end_minute: int

    @property
    def overnight(self) -> bool:
        """The shift ends the next day."""
        return self.end_minute <= self.start_minute

    @property
    def duration_minutes(self) -> int:
        return self.end_minute - self.start_minute + (DAY // 60 if self.overnight else 0)

    def week_minutes(self) -> list[tuple[int, int, int]]:
        """Minutes of the week this shift covers, as [start, end) with the weekday the stretch started
        on; Sunday night wraps to Monday."""
        week = WEEK // 60
        pieces = []
        for weekday in self.weekdays:
            start = weekday * DAY // 60 + self.start_minute
            end = start + self.duration_minutes
            if end <= week:
                pieces.append((start, end, weekday))
            else:
                pieces.append((start, week, weekday))
                pieces.append((0, end - week, weekday))
        return pieces

    def week_pieces(self) -> list[tuple[int, int]]:
        """Seconds of the week this shift covers, as [start, end) pairs; Sunday night wraps to Monday."""
        return [(start * 60, end * 60) for start, end, _weekday in self.week_minutes()]

    def day_pieces(self) -> list[tuple[int, int, int, int]]:
        """What the shift covers cut at each midnight, as (day, start minute, end minute, weekday the
        stretch started on): the part of an overnight shift after midnight is on the next day."""
        day_length = DAY // 60
        pieces = []
        for start, end, weekday in self.week_minutes():
            day = start // day_length
            midnight = (day + 1) * day_length
            pieces.append((day, start - day * day_length, min(end, midnight) - day * day_length, weekday))
            if end > midnight:
                pieces.append((day + 1, 0, end - midnight, weekday))
        return pieces


def shift_overlaps(shifts: Sequence[ShiftRule]) -> list[tuple[int, int, tuple[int, ...]]]:
    """(first, second, weekdays) for every two shifts that share a minute of the week, as positions in
    `shifts` with first < second, in the order of comparing each pair in turn. `weekdays` (Monday = 0,
    in week order) are the days the clashes happen: the day each stretch of shared minutes begins on,
    so Friday's 22:00-02:00 and Saturday's 01:00-05:00 clash on Saturday, and Sunday's 22:00-06:00 and
    Monday's 05:00-09:00 on Monday. A clash that runs across midnight is named by the day it begins.

    A sweep over the week's sorted stretches: O(n log n), plus one step per overlapping stretch.
    """
    pieces = [
        (start, end, position)
        for position, shift in enumerate(shifts)
        for start, end, _weekday in shift.week_minutes()
    ]
    shared: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for one, other in _touching_pieces(pieces):
        if one[2] != other[2]:
            pair = (min(one[2], other[2]), max(one[2], other[2]))
            shared.setdefault(pair, []).append((max(one[0], other[0]), min(one[1], other[1])))
    return [(first, second, _clash_days(shared[first, second])) for first, second in sorted(shared)]


def _clash_days(stretches: list[tuple[int, int]]) -> tuple[int, ...]:
    """The weekdays on which runs of shared minutes begin, touching stretches joined (across the end of
    the week too: a clash from Sunday 23:00 to Monday 01:00 begins on Sunday)."""
    day, week = DAY // 60, WEEK // 60
    runs: list[list[int]] = []
    for start, end in sorted(stretches):
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    if len(runs) == 1 and runs[0] == [0, week]:
        return tuple(range(7))  # shared all week long: they clash every day
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == week:
        runs.pop(0)  # continues the run that began before the end of the week
    return tuple(sorted({start // day for start, _end in runs}))


def _touching_pieces(pieces: list[tuple[int, int, int]]) -> Iterator[tuple[tuple, tuple]]:
    """Every two pieces [start, end) that share a minute. Taken in order of start, a piece meets
    exactly the pieces that have not ended by its start: those stay in a heap ordered by their end."""
    unended: list[tuple[int, tuple]] = []
    for piece in sorted(pieces):
        while unended and unended[0][0] <= piece[0]:
            heappop(unended)
        for _end, other in unended:
            yield other, piece
        heappush(unended, (piece[1], piece))


@dataclass(frozen=True, slots=True)
class HolidayRule:
    name: str
    start_date: date
    end_date: date  # inclusive
    repeats_yearly: bool = False

    def occurrences(self, first_year: int, last_year: int) -> list[tuple[date, date]]:
        """(first day, last day) of each occurrence that may touch the years given."""
        if not self.repeats_yearly:
            return [(self.start_date, self.end_date)]
        start, end = self.start_date, self.end_date
        crosses_new_year = (end.month, end.day) < (start.month, start.day)
        return [
            (
                observed_date(year, start.month, start.day),
                observed_date(year + 1 if crosses_new_year else year, end.month, end.day),
            )
            for year in range(first_year - 1, last_year + 1)
        ]


@dataclass(frozen=True, slots=True)
class OverrideRule:
    name: str
    start: datetime  # naive local wall-clock
    end: datetime
    is_open: bool


@dataclass(frozen=True)
class Schedule:
    """An immutable, database-free copy of a BusinessHours with its shifts, holidays and overrides."""

    shifts: tuple[ShiftRule, ...] = ()
    holidays: tuple[HolidayRule, ...] = ()
    overrides: tuple[OverrideRule, ...] = ()

    @cached_property
    def _week(self) -> _WeekTable:
        return _week_table(self.shifts)

    @cached_property
    def _evaluators(self) -> dict[tuple[tzinfo, int, int], _Evaluator]:
        return {}

    def _evaluator(self, tz: tzinfo, first_year: int, last_year: int) -> _Evaluator:
        cache = self._evaluators
        evaluator = cache.get((tz, first_year, last_year))
        if evaluator is None:
            evaluator = cache[tz, first_year, last_year] = _Evaluator(self, tz, first_year, last_year)
        return evaluator

    def rule_at(self, local: datetime) -> State:
        """(is_open, rule kind, rule name) for a wall-clock reading, even one a clock change skips, on a
        clock that never changes (UTC): overrides are read on the wall clock too. For an instant in a
        zone, whose overrides are periods of real time, use ``status_at``."""
        seconds = _local_seconds(local)
        return self._evaluator(UTC, local.year, local.year).rule_at(seconds, 0)[0]

    def open_weekdays(self) -> frozenset[int]:
        """Weekdays (Monday = 0) with at least one open minute from shifts, counting overnight spill-over."""
        return self._week.open_weekdays


def observed_date(year: int, month: int, day: int) -> date:
    """The date a yearly holiday falls on in a year: 29 February becomes 28 February in common years."""
    if month == 2 and day == 29 and not _calendar.isleap(year):
        day = 28
    return date(year, month, day)


def _day_number(value: date) -> int:
    return value.toordinal() - _EPOCH_ORDINAL


def _local_seconds(value: datetime) -> int:
    return (value.replace(tzinfo=None) - _EPOCH) // _SECOND


def _runs(items: list[tuple], low: int, high: int, default) -> tuple[list[int], list]:
    """Cover [low, high) with runs of one state from (start, end, priority, state) items, the lowest
    priority winning where items overlap; returns the run starts and their states."""
    items = sorted(items)
    runs: list[tuple[int, Any]] = []
    if all(left[1] <= right[0] for left, right in pairwise(items)):  # the usual case: no overlap
        position = low
        for start, end, _priority, state in items:
            if start > position:
                runs.append((position, default))
            runs.append((start, state))
            position = end
        if position < high:
            runs.append((position, default))
    else:
        # A sweep: the items begun by each cut wait in a heap by (priority, state), the winner on top;
        # an item that has ended leaves when it reaches the top. O(n log n), not cuts × items.
        cuts = sorted({low, high, *(item[0] for item in items), *(item[1] for item in items)})
        begun: list[tuple[Any, Any, int]] = []
        position = 0
        for left in cuts[:-1]:
            while position < len(items) and items[position][0] <= left:
                start, end, priority, state = items[position]
                heappush(begun, (priority, state, end))
                position += 1
            while begun and begun[0][2] <= left:
                heappop(begun)
            runs.append((left, begun[0][1] if begun else default))
    merged: list[tuple[int, Any]] = []
    for start, state in runs:
        if not merged or merged[-1][1] != state:
            merged.append((start, state))
    merged = merged or [(low, default)]
    return [start for start, _state in merged], [state for _start, state in merged]


@dataclass(frozen=True)
class _WeekTable:
    """The shifts' state over one week, as runs of equal state starting at `starts` (week seconds)."""

    starts: list[int]
    states: list[State]
    edges: list[int]  # run starts whose state differs from the run before (cyclically)
    open_edges: list[int]  # run starts where open/closed differs from the run before (cyclically)
    open_weekdays: frozenset[int]


@lru_cache(maxsize=1024)
def _week_table(shifts: tuple[ShiftRule, ...]) -> _WeekTable:
    """Cached by value: schedules with the same shifts share one table."""
    pieces = [
        (start, end, (shift.start_minute, shift.name), (True, RuleKind.SHIFT, shift.name))
        for shift in shifts
        for start, end in shift.week_pieces()
    ]
    starts, states = _runs(pieces, 0, WEEK, _CLOSED)
    edges = [start for i, start in enumerate(starts) if states[i] != states[i - 1]]
    open_edges = [start for i, start in enumerate(starts) if states[i][0] != states[i - 1][0]]
    open_days = set()
    for i, start in enumerate(starts):
        if states[i][0]:
            end = starts[i + 1] if i + 1 < len(starts) else WEEK
            open_days.update(range(start // DAY, (end - 1) // DAY + 1))
    return _WeekTable(starts, states, edges, open_edges, frozenset(open_days))


@dataclass(frozen=True)
class _HolidayTable:
    """Holidays over local seconds [low, high) as runs; a run's state is None between holidays."""

    low: int
    high: int
    starts: list[int]
    states: list[State | None]
    edges: list[int]
    open_edges: list[int]  # where "a holiday or not" changes: open/closed may change only there


@lru_cache(maxsize=1024)
def _holiday_table(holidays: tuple[HolidayRule, ...], first_year: int, last_year: int) -> _HolidayTable:
    """Cached by value: schedules sharing a holiday list share one table."""
    low = _day_number(date(first_year, 1, 1))
    high = _day_number(date(last_year + 1, 1, 1))
    items = []
    for holiday in holidays:
        state = (False, RuleKind.HOLIDAY, holiday.name)
        for first, last in holiday.occurrences(first_year, last_year):
            first_day = _day_number(first)
            start, end = max(first_day, low), min(_day_number(last) + 1, high)
            if start < end:
                # The occurrence that started last wins, then the name that sorts first.
                items.append((start * DAY, end * DAY, (-first_day, holiday.name), state))
    starts, states = _runs(items, low * DAY, high * DAY, None)
    edges = starts[1:]
    open_edges = [
        start for i, start in enumerate(starts) if i and (states[i] is None) != (states[i - 1] is None)
    ]
    return _HolidayTable(low * DAY, high * DAY, starts, states, edges, open_edges)


@dataclass(frozen=True)
class _OverrideTable:
    """The winning override over REAL time (UTC seconds, not wall-clock seconds) as runs: run i covers
    instants [edges[i], edges[i + 1]); its state is None where no override is active."""

    edges: list[int]
    states: list[State | None]


def override_period(start: datetime, end: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The real period [first, last) an override from wall-clock `start` to `end` covers in zone `tz`.

    An override is one continuous period of real time (DOMAIN.md, *Business hours*): from the first
    instant whose wall clock reads `start` to the last instant whose wall clock reads `end` as it runs
    forward, so it is the shortest stretch of time that holds every instant whose local time lies
    between them, and an emergency closure across the repeated autumn hour has no gap in it. (The second
    02:00 of an autumn night is reached by falling back from 02:59: an override ending at 02:00 ends at
    the first.) A time the clocks skip (the spring gap) is read as the jump: the first
    instant after it, for the start and the end alike, because no instant reads a skipped time and the
    jump is the first instant whose local time is past it. An override that lies wholly in a gap is
    therefore empty (``first == last``).
    """
    first, last = _override_instants(_local_seconds(start), _local_seconds(end), tz)
    return _aware(first, tz), _aware(max(first, last), tz)


def _override_instants(start: int, end: int, tz: tzinfo) -> tuple[int, int]:
    begin = _timeline_around(tz, _year_of(start)).first_instant(start)
    timeline = _timeline_around(tz, _year_of(end))
    # The end is the last reading of `end` that the clock reaches by running forward: the second before
    # it read earlier than `end`. The reading the clocks fall back to (the second 02:00 of an autumn
    # night) is not one, so an override ending at 02:00 ends at the first 02:00, and covers no instant
    # whose wall clock reads after its end.
    ends = [instant for instant in timeline.readings(end) if timeline.local(instant - 1) < end]
    return begin, ends[-1] if ends else timeline.first_instant(end)


def _year_of(local: int) -> int:
    return (_EPOCH + timedelta(seconds=local)).year


@lru_cache(maxsize=1024)
def _override_table(
    overrides: tuple[OverrideRule, ...], tz: tzinfo, first_year: int, last_year: int
) -> _OverrideTable | None:
    """The overrides that touch the years, whole, placed in real time in zone `tz` (``override_period``);
    the latest start wins, then the name that sorts first. Cached by value and zone."""
    # A day's margin on the wall clock: no zone is more than a day away from its wall-clock reading.
    low = (_day_number(date(first_year, 1, 1)) - 1) * DAY
    high = (_day_number(date(last_year + 1, 1, 1)) + 1) * DAY
    items = []
    for override in overrides:
        start, end = _local_seconds(override.start), _local_seconds(override.end)
        if end > low and start < high:
            first, last = _override_instants(start, end, tz)
            if first < last:  # an override wholly in a spring gap covers no instant
                state = (override.is_open, RuleKind.OVERRIDE, override.name)
                items.append((first, last, (-first, override.name), state))
    if not items:
        return None
    first, last = min(item[0] for item in items), max(item[1] for item in items)
    starts, states = _runs(items, first, last, None)
    return _OverrideTable([*starts, last], states)


class _Evaluator:
    """The schedule's rules as boundary tables for the local years [first_year, last_year]."""

    __slots__ = ("holidays", "overrides", "week")

    def __init__(self, schedule: Schedule, tz: tzinfo, first_year: int, last_year: int):
        self.week = schedule._week
        self.holidays = (
            _holiday_table(schedule.holidays, first_year, last_year) if schedule.holidays else None
        )
        self.overrides = (
            _override_table(schedule.overrides, tz, first_year, last_year) if schedule.overrides else None
        )

    def rule_at(self, local: int, offset: int, flips: bool = False) -> tuple[State, int | None]:
        """The state at a local wall-clock second read with UTC offset `offset` (the instant is
        ``local - offset``), and the next local second, at that offset, at which it may change (with
        `flips`: at which open/closed may change, skipping changes of rule only).

        Shifts and holidays follow the wall clock; overrides follow real time, so their edges are
        instants brought to this offset's wall clock. The caller re-asks at each clock change."""
        boundary = None
        overrides = self.overrides
        if overrides is not None:
            edges = overrides.edges
            k = bisect_right(edges, local - offset)
            if k < len(edges):
                boundary = edges[k] + offset
            if 0 < k < len(edges):
                override = overrides.states[k - 1]
                if override is not None:
                    return override, boundary
        holidays = self.holidays
        if holidays is not None:
            edges = holidays.open_edges if flips else holidays.edges
            k = bisect_right(edges, local)
            if k < len(edges) and (boundary is None or edges[k] < boundary):
                boundary = edges[k]
            if holidays.low <= local < holidays.high:
                holiday = holidays.states[bisect_right(holidays.starts, local) - 1]
                if holiday is not None:
                    return holiday, boundary
        week = self.week
        day = local // DAY
        week_second = ((day + _WEEKDAY_OF_EPOCH) % 7) * DAY + local - day * DAY
        state = week.states[bisect_right(week.starts, week_second) - 1]
        edges = week.open_edges if flips else week.edges
        if edges:
            k = bisect_right(edges, week_second)
            following = local - week_second + (edges[k] if k < len(edges) else edges[0] + WEEK)
            if boundary is None or following < boundary:
                boundary = following
        return state, boundary


# --- Time zones -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Timeline:
    """UTC offsets of a zone as segments: segment i covers instants [starts[i], starts[i + 1])."""

    starts: list[int]
    offsets: list[int]

    def segment(self, instant: int) -> int:
        return bisect_right(self.starts, instant) - 1

    def local(self, instant: int) -> int:
        """What the wall clock reads at `instant`."""
        return instant + self.offsets[self.segment(instant)]

    def readings(self, local: int) -> list[int]:
        """Every instant whose wall clock reads `local`: none in a spring gap, two in an autumn repeat."""
        starts, offsets = self.starts, self.offsets
        last = len(starts) - 1
        found = []
        for i, offset in enumerate(offsets):
            end = starts[i + 1] if i < last else _AFTER_ALL
            if starts[i] + offset <= local < end + offset:
                found.append(local - offset)
        return found

    def first_instant(self, local: int) -> int:
        """The first instant whose wall clock reads `local` or, if the clocks skip it, the jump over it."""
        starts, offsets = self.starts, self.offsets
        last = len(starts) - 1
        for i, offset in enumerate(offsets):
            end = starts[i + 1] if i < last else _AFTER_ALL
            if local < starts[i] + offset:
                return starts[i]  # not reached by any earlier segment: it lies in the gap before this one
            if local < end + offset:
                return local - offset
        raise AssertionError("the last segment is open-ended")


def _offset_seconds(tz: tzinfo, instant: int) -> int:
    offset = datetime.fromtimestamp(instant, tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@lru_cache(maxsize=512)
def _timeline(tz: tzinfo, first_year: int, last_year: int) -> _Timeline:
    """Offset changes found by scanning day by day, each pinned to the second.

    Daily sampling is enough: no zone changes its offset twice within a day.
    """
    begin = int((datetime(first_year, 1, 1, tzinfo=UTC) - timedelta(days=2)).timestamp())
    finish = int((datetime(last_year + 1, 1, 1, tzinfo=UTC) + timedelta(days=2)).timestamp())
    starts, offsets = [_BEFORE_ALL], [_offset_seconds(tz, begin)]
    previous = begin
    for instant in range(begin + DAY, finish + DAY, DAY):
        offset = _offset_seconds(tz, instant)
        if offset != offsets[-1]:
            low, high = previous, instant
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_seconds(tz, middle) == offset:
                    high = middle
                else:
                    low = middle
            starts.append(high)
            offsets.append(offset)
        previous = instant
    return _Timeline(starts, offsets)


def _timeline_around(tz: tzinfo, year: int) -> _Timeline:
    return _timeline(tz, year - 1, year + 2)


def _aware(instant: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(instant, tz)


# --- Walking from change to change ------------------------------------------------------------


def _next_change(
    evaluator: _Evaluator,
    timeline: _Timeline,
    segment: int,
    state: State,
    boundary: int | None,
    limit: int,
    flips: bool = False,
) -> tuple[int, State, int | None, int] | None:
    """The first instant after the current one (in `segment`, state `state`, next local boundary
    `boundary`) whose state differs, before `limit`: (instant, new state, its next boundary, segment).

    With `flips`, only a change of open/closed counts, and `boundary` must come from
    ``rule_at(..., flips=True)``: the walk then skips over changes of rule alone (a 24/7 schedule
    with day and night shifts has no flip for 400 days, and costs a few steps instead of 800).
    """
    starts, offsets = timeline.starts, timeline.offsets
    last = len(starts) - 1
    rule_at = evaluator.rule_at
    while True:
        offset = offsets[segment]
        segment_end = starts[segment + 1] if segment < last else _AFTER_ALL
        while boundary is not None:
            instant = boundary - offset
            if instant >= segment_end or instant >= limit:
                break
            new_state, following = rule_at(boundary, offset, flips)
            if (new_state[0] != state[0]) if flips else (new_state != state):
                return instant, new_state, following, segment
            boundary = following
        if segment_end >= limit:
            return None
        # The clocks change: the wall clock jumps, and the state may jump with it.
        segment += 1
        new_state, boundary = rule_at(segment_end + offsets[segment], offsets[segment], flips)
        if (new_state[0] != state[0]) if flips else (new_state != state):
            return segment_end, new_state, boundary, segment


# --- Results ----------------------------------------------------------------------------------


def _format_when(moment: datetime, reference: datetime) -> str:
    if moment.date() == reference.date():
        return dateformat.format(moment, "H:i")
    if moment.year == reference.year:
        return day_and_time(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def _reason(kind: str, name: str) -> str:
    return name if kind != RuleKind.CLOSED else _("outside working hours")


@dataclass(frozen=True)
class Status:
    """Open or closed at `at` (aware, in the schedule's zone), the deciding rule, and what comes next."""

    is_open: bool
    rule_kind: RuleKind
    rule_name: str  # "" when closed outside working hours
    at: datetime
    next_change: datetime | None  # first later instant whose state (open/closed and rule) differs
    until: datetime | None  # first later instant at which open/closed flips

    @property
    def reason(self) -> str:
        """The deciding rule's name, or "outside working hours"."""
        return _reason(self.rule_kind, self.rule_name)

    def label(self) -> str:
        """ "Open · until 17:00 (Weekdays)", "Closed · Christmas · opens 27 Dec 08:00"; times are local."""
        values = {"reason": self.reason}
        if self.until is not None:
            values["time"] = _format_when(self.until, self.at)
        if self.is_open:
            if self.until is None:
                return _("Open (%(reason)s)") % values
            return _("Open · until %(time)s (%(reason)s)") % values
        if self.until is None:
            return _("Closed · %(reason)s") % values
        return _("Closed · %(reason)s · opens %(time)s") % values


@dataclass(frozen=True)
class Interval:
    """A stretch [start, end) of one state; both ends aware in the schedule's zone."""

    start: datetime
    end: datetime
    is_open: bool
    rule_kind: RuleKind
    rule_name: str

    @property
    def reason(self) -> str:
        return _reason(self.rule_kind, self.rule_name)


@dataclass(frozen=True)
class OffsetChange:
    """A change of the zone's UTC offset (a DST change): at `at` the wall clock jumps."""

    at: datetime  # aware, in the zone, showing the new offset
    offset_before: timedelta
    offset_after: timedelta

    @property
    def delta(self) -> timedelta:
        return self.offset_after - self.offset_before

    @property
    def forward(self) -> bool:
        return self.delta > timedelta(0)

    @property
    def local_before(self) -> datetime:
        """The wall-clock reading the clocks jump from (naive)."""
        return self.at.replace(tzinfo=None) - self.delta

    @property
    def local_after(self) -> datetime:
        """The wall-clock reading the clocks jump to (naive)."""
        return self.at.replace(tzinfo=None)

    def label(self) -> str:
        values = {
            "before": dateformat.format(self.local_before, "H:i"),
            "after": dateformat.format(self.local_after, "H:i"),
            "date": formats.date_format(self.local_after, "DATE_FORMAT"),
        }
        if self.forward:
            return _("%(date)s: clocks go forward from %(before)s to %(after)s") % values
        return _("%(date)s: clocks go back from %(before)s to %(after)s") % values


@dataclass(frozen=True)
class Calendar:
    start: datetime
    end: datetime
    intervals: list[Interval] = field(default_factory=list)
    offset_changes: list[OffsetChange] = field(default_factory=list)


@dataclass(frozen=True)
class LocalMoment:
    """A wall-clock date and time resolved in a zone.

    `instant` is the first instant at which the wall clock reads `local`; in a spring gap (`skipped`)
    it is the jump, the first instant after it. When the time happens twice (`repeated`),
    `second_instant` is the later pass; by the wall-clock rule both have the same state.
    """

    local: datetime
    instant: datetime
    skipped: bool
    repeated: bool
    second_instant: datetime | None


# --- Entry points -----------------------------------------------------------------------------


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("The instant must be an aware datetime.")


def status_at(
    schedule: Schedule, instant: datetime, tz: tzinfo, *, horizon_days: int = HORIZON_DAYS
) -> Status:
    """Open or closed at an aware instant in zone `tz`, which rule decided, and when that next changes."""
    _require_aware(instant)
    local = instant.astimezone(tz)
    last_year = local.year + 1 + horizon_days // 365  # the year the horizon ends in, or the one after
    timeline = _timeline(tz, local.year, last_year)
    evaluator = schedule._evaluator(tz, local.year, last_year)
    moment = math.floor(instant.timestamp())
    segment = timeline.segment(moment)
    offset = timeline.offsets[segment]
    state, boundary = evaluator.rule_at(moment + offset, offset)
    limit = moment + horizon_days * DAY + 1

    next_change = until = None
    found = _next_change(evaluator, timeline, segment, state, boundary, limit)
    if found is not None:
        next_change = until = found[0]
        if found[1][0] == state[0]:
            # Only the rule changed: look on for the flip, stepping over further rule changes.
            instant_at, new_state, _boundary, segment = found
            offset = timeline.offsets[segment]
            new_state, boundary = evaluator.rule_at(instant_at + offset, offset, True)
            flip = _next_change(evaluator, timeline, segment, new_state, boundary, limit, True)
            until = flip[0] if flip is not None else None
    return Status(
        is_open=state[0],
        rule_kind=state[1],
        rule_name=state[2],
        at=local,
        next_change=_aware(next_change, tz) if next_change is not None else None,
        until=_aware(until, tz) if until is not None else None,
    )


def resolve_local(local: datetime, tz: tzinfo) -> LocalMoment:
    """Place a naive wall-clock date and time in zone `tz`, telling whether it is skipped or repeated."""
    local = local.replace(tzinfo=None)
    timeline = _timeline_around(tz, local.year)
    seconds = _local_seconds(local)
    readings = timeline.readings(seconds)
    if not readings:
        return LocalMoment(local, _aware(timeline.first_instant(seconds), tz), True, False, None)
    # replace(), not "+ timedelta": arithmetic on an aware datetime resets `fold`.
    first = _aware(readings[0], tz).replace(microsecond=local.microsecond)
    second = _aware(readings[-1], tz).replace(microsecond=local.microsecond) if len(readings) > 1 else None
    return LocalMoment(local, first, False, second is not None, second)


def _local_midnight_instant(timeline: _Timeline, day: date) -> int:
    return timeline.first_instant(_day_number(day) * DAY)


def calendar(schedule: Schedule, start: date, days: int, tz: tzinfo, *, split_days: bool = False) -> Calendar:
    """Open/closed intervals covering [start 00:00, start + days 00:00) local, and the clock changes in it.

    Adjacent intervals always differ in state. With `split_days`, intervals are also cut at each local
    midnight, so each lies within one local date (for a week grid).
    """
    if days < 1:
        raise ValueError("days must be at least 1.")
    stop = start + timedelta(days=days)
    timeline = _timeline(tz, start.year, stop.year)
    evaluator = schedule._evaluator(tz, start.year, stop.year)
    begin = _local_midnight_instant(timeline, start)
    finish = _local_midnight_instant(timeline, stop)

    segment = timeline.segment(begin)
    offset = timeline.offsets[segment]
    state, boundary = evaluator.rule_at(begin + offset, offset)
    cuts: list[tuple[int, State]] = [(begin, state)]
    while True:
        found = _next_change(evaluator, timeline, segment, state, boundary, finish)
        if found is None:
            break
        instant, state, boundary, segment = found
        cuts.append((instant, state))
    if split_days:
        midnights = [_local_midnight_instant(timeline, start + timedelta(days=n)) for n in range(1, days)]
        merged = []
        k = 0
        for index, (instant, state) in enumerate(cuts):
            following = cuts[index + 1][0] if index + 1 < len(cuts) else finish
            merged.append((instant, state))
            while k < len(midnights) and midnights[k] <= instant:
                k += 1
            while k < len(midnights) and midnights[k] < following:
                merged.append((midnights[k], state))
                k += 1
        cuts = merged

    result = []
    for index, (instant, state) in enumerate(cuts):
        following = cuts[index + 1][0] if index + 1 < len(cuts) else finish
        result.append(Interval(_aware(instant, tz), _aware(following, tz), state[0], state[1], state[2]))
    return Calendar(
        start=_aware(begin, tz),
        end=_aware(finish, tz),
        intervals=result,
        offset_changes=offset_changes(_aware(begin, tz), _aware(finish, tz), tz),
    )


def offset_changes(start: datetime, end: datetime, tz: tzinfo) -> list[OffsetChange]:
    """Clock changes of zone `tz` at instants in [start, end)."""
    _require_aware(start)
    _require_aware(end)
    first, last = math.floor(start.timestamp()), math.floor(end.timestamp())
    low = start.astimezone(UTC).year
    high = max(low, end.astimezone(UTC).year)
    timeline = _timeline(tz, low, high)
    return [
        OffsetChange(
            at=_aware(timeline.starts[i], tz),
            offset_before=timedelta(seconds=timeline.offsets[i - 1]),
            offset_after=timedelta(seconds=timeline.offsets[i]),
        )
        for i in range(1, len(timeline.starts))
        if first <= timeline.starts[i] < last
    ]


def offset_changes_near(instant: datetime, tz: tzinfo, *, hours: int = 24) -> list[OffsetChange]:
    """Clock changes within `hours` before or after an instant (Test routing warns about them)."""
    _require_aware(instant)
    instant = instant.astimezone(UTC)  # in UTC, adding hours adds real time, not wall-clock time
    window = timedelta(hours=hours)
    return offset_changes(instant - window, instant + window + _SECOND, tz)


@lru_cache(maxsize=1024)
def zone(key: str) -> ZoneInfo:
    """A ZoneInfo by IANA name (cached: channel lists look up the same few zones many times)."""
    return ZoneInfo(key)


def local_day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant of a local date (00:00, or the jump if midnight is skipped)."""
    return _aware(_local_midnight_instant(_timeline_around(tz, day.year), day), tz)


__all__ = [
    "HORIZON_DAYS",
    "Calendar",
    "HolidayRule",
    "Interval",
    "LocalMoment",
    "OffsetChange",
    "OverrideRule",
    "RuleKind",
    "Schedule",
    "ShiftRule",
    "Status",
    "calendar",
    "local_day_start",
    "observed_date",
    "offset_changes",
    "offset_changes_near",
    "override_period",
    "resolve_local",
    "shift_overlaps",
    "status_at",
    "zone",
]
