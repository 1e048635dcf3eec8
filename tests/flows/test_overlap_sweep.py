"""The overlap check is a sweep over the week's sorted stretches: the same answer as comparing every
pair of shifts, in O(n log n) plus one step per overlap."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flows.schedule
from flows.choices import Weekday
from flows.models import Shift, find_shift_overlaps
from flows.schedule import ShiftRule
from flows.services import shifts_check

CODES = list(Weekday.values)


def pairwise_overlaps(shifts: list[Shift]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every pair in turn, minute by minute over the week: which minutes both cover, and the weekdays on
    which a run of shared minutes begins (cyclically: a run from Sunday night into Monday begins on
    Sunday; shared all week, every day). The reference, kept here only: it reads weekdays, start and
    end straight off the row, not through ShiftRule.

    "Minute" is the largest step that divides every start and end (and the day): 30 minutes for the
    generated shifts below, so the sets are 30 times smaller and the answer is the same as with minutes."""
    step = math.gcd(1440, *(shift.start_minute for shift in shifts), *(shift.end_minute for shift in shifts))
    day = 1440 // step
    week = 7 * day

    def minutes(shift: Shift) -> set[int]:
        start = shift.start_minute // step
        length = (shift.end_minute // step - start) % day or day
        days = [CODES.index(code) for code in shift.weekdays]
        return {(weekday * day + start + m) % week for weekday in days for m in range(length)}

    covered = [minutes(shift) for shift in shifts]
    found = []
    for i, first in enumerate(shifts):
        for j in range(i + 1, len(shifts)):
            both = covered[i] & covered[j]
            if not both:
                continue
            if len(both) == week:
                days = set(range(7))
            else:
                days = {m // day for m in both if (m - 1) % week not in both}
            found.append((first.name, shifts[j].name, tuple(CODES[weekday] for weekday in sorted(days))))
    return found


def swept(shifts: list[Shift]) -> list[tuple[str, str, str]]:
    return [(o.first.name, o.second.name, o.weekdays) for o in find_shift_overlaps(shifts)]


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
    errors = shifts_check(shifts)
    # The clash is on the morning after the overnight shift began, across the Sunday-Monday wrap too.
    assert [error.messages[0] for error in errors] == [
        "Shift “Sunday night” (22:00–06:00) overlaps shift “Monday early” (05:00–09:00) on Monday.",
        "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday.",
    ]
    # Each error says which two rows it is about, so the console shows it in both.
    assert [error.params["rows"] for error in errors] == [(0, 1), (2, 3)]


@pytest.mark.parametrize(
    ("shifts", "days"),
    [
        # Two overnight shifts: the clash begins on Friday evening and runs into Saturday.
        ([("fri", "20:00", "04:00"), ("fri", "23:00", "03:00")], "Friday"),
        # The clash begins on Sunday night and runs into Monday: named once, by Sunday.
        ([("sun", "22:00", "02:00"), ("sun", "23:00", "01:00")], "Sunday"),
        # Several days: every one, in week order.
        ([("mon tue fri", "08:00", "12:00"), ("fri mon", "11:00", "13:00")], "Monday and Friday"),
        (
            [("mon tue wed", "08:00", "12:00"), ("sun mon tue", "23:00", "09:00")],
            "Monday, Tuesday and Wednesday",
        ),
        # Always open beside a shift on every day: they clash every day.
        ([("mon tue wed thu fri sat sun", "00:00", "00:00"), ("sat", "10:00", "11:00")], "Saturday"),
    ],
)
def test_the_message_names_each_day_a_clash_begins(shifts, days):
    rows = [
        Shift(
            name=f"S{n}",
            weekdays=codes.split(),
            start_minute=int(start[:2]) * 60 + int(start[3:]),
            end_minute=int(end[:2]) * 60 + int(end[3:]),
        )
        for n, (codes, start, end) in enumerate(shifts)
    ]
    (overlap,) = find_shift_overlaps(rows)
    assert overlap.message.endswith(f" on {days}.")


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
