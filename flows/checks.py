"""Schedule checks: warnings about a business-hours schedule that is valid but probably not meant.

Overlapping shifts are errors and are refused when the schedule is saved (``find_shift_overlaps``);
what is here only warns. ``schedule_warnings`` is what the business-hours page shows beside the
schedule. Time-dependent checks take ``today`` (a local date) and the zone to evaluate in: for a
schedule the organization's default zone, for a channel the channel's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db import models
from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.formats import weekday_and_date

from .choices import Weekday
from .schedule import (
    WEEK,
    HolidayRule,
    RuleKind,
    Schedule,
    ShiftRule,
    local_day_start,
    offset_changes,
    zone,
)
from .snapshots import schedule_of

_WEEKDAYS = list(Weekday)


class ScheduleWarningCode(models.TextChoices):
    WEEKDAYS_WITHOUT_SHIFT = "weekdays_without_shift", gettext_lazy("Weekdays without shifts")
    HOLIDAY_ON_CLOSED_DAYS = "holiday_on_closed_days", gettext_lazy("Holiday on days without shifts")
    OVERRIDE_IN_PAST = "override_in_past", gettext_lazy("Override in the past")
    CLOCK_CHANGE_IN_SHIFT = "clock_change_in_shift", gettext_lazy("Clock change during a shift")
    HOLIDAY_CUTS_OVERNIGHT_SHIFT = (
        "holiday_cuts_overnight_shift",
        gettext_lazy("Holiday cuts an overnight shift"),
    )


@dataclass(frozen=True)
class ScheduleWarning:
    code: ScheduleWarningCode
    message: str
    subject: str = ""  # the name of the rule the warning is about, if any


def schedule_warnings(schedule, *, today: date, tz: tzinfo | str) -> list[ScheduleWarning]:
    """Every warning for a Schedule (or a BusinessHours, see `schedule_of`), as of local `today`."""
    if not isinstance(schedule, Schedule):
        schedule = schedule_of(schedule)
    if isinstance(tz, str):
        tz = zone(tz)
    return [
        *_weekdays_without_shift(schedule),
        *_holidays_on_closed_days(schedule, today),
        *_holidays_cutting_overnight_shifts(schedule, today),
        *_overrides_in_past(schedule, today),
        *_clock_changes_in_shifts(schedule, today, tz),
    ]


def _day_names(days) -> str:
    return ", ".join(str(_WEEKDAYS[day].label) for day in sorted(days))


def _weekdays_without_shift(schedule: Schedule) -> list[ScheduleWarning]:
    closed = set(range(7)) - schedule.open_weekdays()
    if not closed:
        return []
    message = _("No shift on %(days)s: the contact center is closed all day unless an override opens it.") % {
        "days": _day_names(closed)
    }
    return [ScheduleWarning(ScheduleWarningCode.WEEKDAYS_WITHOUT_SHIFT, message)]


def _next_occurrence(holiday: HolidayRule, today: date) -> tuple[date, date] | None:
    """The occurrence running today or the next one; None for a one-off holiday that is over."""
    for first, last in holiday.occurrences(today.year - 1, today.year + 1):
        if last >= today:
            return first, last
    return None


def _format_dates(first: date, last: date) -> str:
    if first == last:
        return weekday_and_date(first)
    return f"{formats.date_format(first, 'DATE_FORMAT')} – {formats.date_format(last, 'DATE_FORMAT')}"


def _holidays_on_closed_days(schedule: Schedule, today: date) -> list[ScheduleWarning]:
    open_days = schedule.open_weekdays()
    warnings = []
    for holiday in schedule.holidays:
        occurrence = _next_occurrence(holiday, today)
        if occurrence is None:
            continue
        first, last = occurrence
        span = min((last - first).days + 1, 7)
        weekdays = {(first + timedelta(days=n)).weekday() for n in range(span)}
        if weekdays & open_days:
            continue
        message = _(
            "Holiday “%(name)s” (%(dates)s) falls only on days without shifts (%(days)s), "
            "so it changes nothing."
        ) % {"name": holiday.name, "dates": _format_dates(first, last), "days": _day_names(weekdays)}
        warnings.append(ScheduleWarning(ScheduleWarningCode.HOLIDAY_ON_CLOSED_DAYS, message, holiday.name))
    return warnings


def _holidays_cutting_overnight_shifts(schedule: Schedule, today: date) -> list[ScheduleWarning]:
    """Overnight shifts that a holiday's next occurrence cuts at midnight (DOMAIN.md, *Business hours*).

    A holiday closes whole local dates, and the part of an overnight shift after midnight belongs to the
    next date. So the night shift of the day before a holiday closes at midnight, and the night shift of
    the holiday's last day still opens at midnight after it. Either is easy to miss; both are said, when
    the shift (not another holiday or an override) decides on the open side of midnight.
    """
    warnings = []
    for holiday in schedule.holidays:
        occurrence = _next_occurrence(holiday, today)
        if occurrence is None:
            continue
        first, last = occurrence
        for shift in schedule.shifts:
            if not shift.overnight or shift.end_minute == 0:
                continue  # no part after midnight
            decides = (True, RuleKind.SHIFT, shift.name)
            start, end = time(shift.start_minute // 60, shift.start_minute % 60), _clock(shift.end_minute)
            values = {
                "holiday": holiday.name,
                "dates": _format_dates(first, last),
                "name": shift.name,
                "hours": f"{_clock(shift.start_minute)}–{end}",
                "end": end,
            }
            eve = first - timedelta(days=1)
            if eve.weekday() in shift.weekdays and schedule.rule_at(datetime.combine(eve, start)) == decides:
                message = _(
                    "Holiday “%(holiday)s” (%(dates)s) cuts overnight shift “%(name)s” (%(hours)s) of %(day)s at "
                    "midnight: the holiday closes the whole date, so the shift ends at 00:00, not %(end)s."
                ) % {**values, "day": dateformat.format(eve, "D j M Y")}
                warnings.append(
                    ScheduleWarning(ScheduleWarningCode.HOLIDAY_CUTS_OVERNIGHT_SHIFT, message, holiday.name)
                )
            after = last + timedelta(days=1)
            if (
                last.weekday() in shift.weekdays
                and schedule.rule_at(datetime.combine(after, time.min)) == decides
            ):
                message = _(
                    "Holiday “%(holiday)s” (%(dates)s) does not close the part of overnight shift “%(name)s” "
                    "(%(hours)s) after midnight: the contact center is open on %(day)s from 00:00 to %(end)s."
                ) % {**values, "day": dateformat.format(after, "D j M Y")}
                warnings.append(
                    ScheduleWarning(ScheduleWarningCode.HOLIDAY_CUTS_OVERNIGHT_SHIFT, message, holiday.name)
                )
    return warnings


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _overrides_in_past(schedule: Schedule, today: date) -> list[ScheduleWarning]:
    start_of_today = datetime.combine(today, time.min)
    warnings = []
    for override in schedule.overrides:
        if override.end.replace(tzinfo=None) <= start_of_today:
            message = _("Override “%(name)s” ended on %(end)s; it no longer has any effect.") % {
                "name": override.name,
                "end": formats.date_format(override.end, "DATETIME_FORMAT"),
            }
            warnings.append(ScheduleWarning(ScheduleWarningCode.OVERRIDE_IN_PAST, message, override.name))
    return warnings


def _shift_part_within(shift: ShiftRule, low: datetime, high: datetime) -> tuple[datetime, datetime] | None:
    """The part of [low, high) (naive wall-clock) that the shift covers, as one span, or None."""
    weekday_start = datetime.combine(low.date(), time.min) - timedelta(days=low.weekday())
    found_low = found_high = None
    for piece_start, piece_end in shift.week_pieces():
        for week in (-1, 0, 1):
            start = weekday_start + timedelta(seconds=piece_start + week * WEEK)
            end = weekday_start + timedelta(seconds=piece_end + week * WEEK)
            left, right = max(start, low), min(end, high)
            if left < right:
                found_low = left if found_low is None else min(found_low, left)
                found_high = right if found_high is None else max(found_high, right)
    return (found_low, found_high) if found_low is not None else None


def _clock_changes_in_shifts(schedule: Schedule, today: date, tz: tzinfo) -> list[ScheduleWarning]:
    """Shifts whose wall-clock hours a clock change in the coming year skips or repeats."""
    changes = offset_changes(local_day_start(today, tz), local_day_start(today + timedelta(days=365), tz), tz)
    warnings = []
    for change in changes:
        if change.forward:
            low, high = change.local_before, change.local_after
        else:
            low, high = change.local_after, change.local_before
        for shift in schedule.shifts:
            part = _shift_part_within(shift, low, high)
            if part is None:
                continue
            decided = {schedule.rule_at(part[0]), schedule.rule_at(part[1] - timedelta(seconds=1))}
            if (True, RuleKind.SHIFT, shift.name) not in decided:
                continue  # a holiday or an override decides then, so the clock change doesn't matter
            values = {
                "name": shift.name,
                "start": dateformat.format(part[0], "H:i"),
                "end": dateformat.format(part[1], "H:i"),
                "date": weekday_and_date(change.local_after),
            }
            if change.forward:
                message = (
                    _(
                        "Shift “%(name)s” loses %(start)s–%(end)s on %(date)s: the clocks go forward and that "
                        "time does not exist."
                    )
                    % values
                )
            else:
                message = (
                    _(
                        "Shift “%(name)s” runs %(start)s–%(end)s twice on %(date)s: the clocks go back and that "
                        "time happens twice."
                    )
                    % values
                )
            warnings.append(ScheduleWarning(ScheduleWarningCode.CLOCK_CHANGE_IN_SHIFT, message, shift.name))
    return warnings


__all__ = ["ScheduleWarning", "ScheduleWarningCode", "schedule_warnings"]
