"""A BusinessHours as the engine's immutable ``Schedule``: its shifts and its lists' holidays and overrides.

``schedule_of`` reads the rows that ``flows.selectors.with_schedules`` prefetched, so the schedules of a
page of channels cost no query beyond that prefetch; on an object loaded without them it reads each
relation with a query. Imports run one way: this module knows the models and the engine, the engine
(``flows.schedule``) knows neither.
"""

from __future__ import annotations

from collections.abc import Iterable

from .choices import WEEKDAY_INDEX, OverrideState
from .schedule import HolidayRule, OverrideRule, Schedule, ShiftRule

# Where `with_schedules` puts the prefetched rows (Prefetch's `to_attr`): plain lists, because the
# manager and queryset Django builds per object for an ordinary prefetch cost more than the rows
# themselves on a long list (benchmarks/snapshots_vs_prefetch.py).
SHIFT_ROWS = "schedule_shifts"
HOLIDAY_ROWS = "schedule_holidays"
OVERRIDE_ROWS = "schedule_overrides"


def _rows(instance, relation: str, to_attr: str) -> Iterable:
    rows = getattr(instance, to_attr, None)
    return rows if rows is not None else getattr(instance, relation).all()


def schedule_of(business_hours, *, memo: dict | None = None) -> Schedule:
    """The engine's Schedule of a BusinessHours, from the rows `with_schedules` prefetched (or read now).

    `memo`: a dict shared by the calls of one request, so that a holiday or override list used by many
    schedules becomes rules once (and the engine's tables, cached by value, are found by identity first).
    """
    memo = {} if memo is None else memo
    holidays: tuple[HolidayRule, ...] = ()
    overrides: tuple[OverrideRule, ...] = ()
    if business_hours.holiday_list_id is not None:
        key = ("holidays", business_hours.holiday_list_id)
        holidays = memo.get(key)
        if holidays is None:
            holidays = memo[key] = tuple(
                HolidayRule(h.name, h.start_date, h.end_date, h.repeats_yearly)
                for h in _rows(business_hours.holiday_list, "holidays", HOLIDAY_ROWS)
            )
    if business_hours.override_list_id is not None:
        key = ("overrides", business_hours.override_list_id)
        overrides = memo.get(key)
        if overrides is None:
            overrides = memo[key] = tuple(
                OverrideRule(o.name, o.start, o.end, o.state == OverrideState.OPEN)
                for o in _rows(business_hours.override_list, "overrides", OVERRIDE_ROWS)
            )
    weekday = WEEKDAY_INDEX.__getitem__
    shifts = tuple(
        ShiftRule(s.name, tuple(map(weekday, s.weekdays)), s.start_minute, s.end_minute)
        for s in _rows(business_hours, "shifts", SHIFT_ROWS)
    )
    return Schedule(shifts=shifts, holidays=holidays, overrides=overrides)
