"""The overlap check is a sweep over the week's sorted stretches: the same answer as comparing every
pair of shifts, in O(n log n) plus one step per overlap."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flows.schedule
from flows.choices import Weekday
from flows.models import Shift, find_shift_overlaps
from flows.schedule import ShiftRule
from flows.services import shifts_check

CODES = list(Weekday.values)


def pairwise_overlaps(shifts: list[Shift]) -> list[tuple[str, str, str]]:
    """The check as it was: every pair in turn, the weekday of the first shift's first stretch that
    shares a minute with the second. The reference, kept here only."""

    def overlap_weekday(first: ShiftRule, second: ShiftRule) -> int | None:
        theirs = second.week_minutes()
        for start, end, weekday in first.week_minutes():
            if any(start < their_end and their_start < end for their_start, their_end, _day in theirs):
                return weekday
        return None

    found = []
    for i, first in enumerate(shifts):
        for second in shifts[i + 1 :]:
            weekday = overlap_weekday(first.rule, second.rule)
            if weekday is not None:
                found.append((first.name, second.name, CODES[weekday]))
    return found


def swept(shifts: list[Shift]) -> list[tuple[str, str, str]]:
    return [(o.first.name, o.second.name, o.weekday) for o in find_shift_overlaps(shifts)]


@st.composite
def shift_lists(draw) -> list[Shift]:
    count = draw(st.integers(min_value=0, max_value=12))
    # Coarse minutes make touching and overlapping ends common; any order of weekdays, as typed.
    minute = st.integers(min_value=0, max_value=47).map(lambda half_hours: half_hours * 30)
    return [
        Shift(
            name=f"S{n}",
            weekdays=draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=7, unique=True)),
            start_minute=draw(minute),
            end_minute=draw(minute),
        )
        for n in range(count)
    ]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shift_lists())
def test_the_sweep_finds_exactly_the_pairs_and_days_of_the_pairwise_check(shifts):
    assert swept(shifts) == pairwise_overlaps(shifts)


def test_the_pairwise_method_is_gone():
    assert not hasattr(ShiftRule, "overlap_weekday")


def test_the_messages_name_both_shifts_and_the_day_the_clash_happens():
    shifts = [
        Shift(name="Sunday night", weekdays=["sun"], start_minute=22 * 60, end_minute=6 * 60),
        Shift(name="Monday early", weekdays=["mon"], start_minute=5 * 60, end_minute=9 * 60),
        Shift(name="Late", weekdays=["tue", "fri"], start_minute=22 * 60, end_minute=2 * 60),
        Shift(name="Early", weekdays=["sat"], start_minute=60, end_minute=5 * 60),
    ]
    assert [error.messages[0] for error in shifts_check(shifts)] == [
        "Shift “Sunday night” (22:00–06:00) overlaps shift “Monday early” (05:00–09:00) on Sunday.",
        "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Friday.",
    ]


class Counted:
    """Counts the sweep's work: heap operations and the pairs of stretches it looks at."""

    def __init__(self, monkeypatch):
        self.heap_operations = 0
        self.pair_checks = 0
        push, pop, touching = flows.schedule.heappush, flows.schedule.heappop, flows.schedule._touching_pieces

        def counted_push(heap, item):
            self.heap_operations += 1
            push(heap, item)

        def counted_pop(heap):
            self.heap_operations += 1
            return pop(heap)

        def counted_touching(pieces):
            for pair in touching(pieces):
                self.pair_checks += 1
                yield pair

        monkeypatch.setattr(flows.schedule, "heappush", counted_push)
        monkeypatch.setattr(flows.schedule, "heappop", counted_pop)
        monkeypatch.setattr(flows.schedule, "_touching_pieces", counted_touching)


@pytest.fixture
def counted(monkeypatch):
    return Counted(monkeypatch)


def small_shifts(count: int) -> list[Shift]:
    """`count` two-minute shifts, one weekday each, end to end without overlap (up to 5,040)."""
    return [
        Shift(name=f"S{n}", weekdays=[CODES[n % 7]], start_minute=(n // 7) * 2, end_minute=(n // 7) * 2 + 2)
        for n in range(count)
    ]


def test_5000_shifts_that_do_not_overlap_cost_no_pair_check(counted):
    shifts = small_shifts(5000)
    assert find_shift_overlaps(shifts) == []
    assert counted.pair_checks == 0
    assert counted.heap_operations <= 2 * len(shifts)  # one push and at most one pop per stretch


def test_5000_shifts_overlapping_one_cost_one_pair_check_each(counted):
    everything = Shift(name="Always", weekdays=CODES, start_minute=0, end_minute=0)  # 24 hours, every day
    shifts = [everything, *small_shifts(4999)]
    overlaps = find_shift_overlaps(shifts)
    assert [(o.first.name, o.second.name) for o in overlaps] == [("Always", f"S{n}") for n in range(4999)]
    assert counted.pair_checks == 4999
    assert counted.heap_operations <= 2 * (7 + 4999)
    assert overlaps[0].message == "Shift “Always” (00:00–00:00) overlaps shift “S0” (00:00–00:02) on Monday."


def test_50_shifts_at_the_limit_are_checked_in_one_sweep(counted):
    shifts = [
        Shift(name=f"S{n}", weekdays=CODES, start_minute=n * 28, end_minute=n * 28 + 30) for n in range(50)
    ]
    overlaps = find_shift_overlaps(shifts)
    # Each shift runs two minutes into the next one, on each of the seven days.
    assert [(o.first.name, o.second.name) for o in overlaps] == [(f"S{n}", f"S{n + 1}") for n in range(49)]
    assert counted.pair_checks == 49 * 7
    assert counted.heap_operations <= 2 * 50 * 7
