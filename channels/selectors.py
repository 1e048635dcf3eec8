"""Reads of channels: the schedule each follows (its flow's business hours) and what it says.

Typical use in a list (the Channels list's "Open now" column)::

    entry_points = with_schedules(EntryPoint.objects.for_organization(org).with_list_data())
    statuses = channel_statuses(entry_points)          # {entry_point.pk: Status or None}
    statuses[entry_point.pk].label()                   # "Open · until 17:00 (Weekdays)"

``with_schedules`` joins the flows, their business hours and their holiday and override lists, and
prefetches the shifts, holidays and overrides: three queries, whatever the number of channels, and
``channel_statuses`` runs none. A channel page uses ``channel_status`` and the calendar preview
``channel_calendar`` on one entry point loaded the same way (or not: then the rows are read with a
query per relation).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from flows import selectors as flows_selectors
from flows.models import BusinessHours
from flows.schedule import Calendar, Schedule, Status, calendar, status_at, zone
from flows.snapshots import schedule_of

from .models import EntryPoint

if TYPE_CHECKING:
    from support_numbers.models import SupportNumber

# From a channel to the schedule it follows.
SCHEDULE_PATH = "flow__business_hours"


def with_schedules(queryset: QuerySet[EntryPoint]) -> QuerySet[EntryPoint]:
    """Channels with everything their schedules need, in a constant number of queries."""
    return flows_selectors.with_schedules(queryset.select_related(SCHEDULE_PATH), SCHEDULE_PATH)


def channel_business_hours(entry_point: EntryPoint) -> BusinessHours | None:
    """The business hours a channel follows through its flow, or None."""
    flow = entry_point.flow if entry_point.flow_id is not None else None
    if flow is None or flow.business_hours_id is None:
        return None
    return flow.business_hours


def channel_schedule(entry_point: EntryPoint) -> Schedule | None:
    """The schedule a channel follows (its flow's business hours), or None."""
    business_hours = channel_business_hours(entry_point)
    return schedule_of(business_hours) if business_hours is not None else None


def channel_statuses(entry_points: Iterable[EntryPoint], instant: datetime | None = None) -> dict:
    """{entry point pk: Status in the channel's own zone, or None without business hours}; no queries
    when `entry_points` came through `with_schedules`. Channels sharing a schedule and a zone share
    one computation."""
    instant = instant or timezone.now()
    schedules: dict = {}
    computed: dict = {}
    memo: dict = {}
    result = {}
    for entry_point in entry_points:
        business_hours = channel_business_hours(entry_point)
        if business_hours is None:
            result[entry_point.pk] = None
            continue
        schedule = schedules.get(business_hours.pk)
        if schedule is None:
            schedule = schedules[business_hours.pk] = schedule_of(business_hours, memo=memo)
        key = (business_hours.pk, entry_point.timezone)
        status = computed.get(key)
        if status is None:
            status = computed[key] = status_at(schedule, instant, zone(entry_point.timezone))
        result[entry_point.pk] = status
    return result


def channel_status(entry_point: EntryPoint, instant: datetime | None = None) -> Status | None:
    """The Status of one channel now (or at `instant`), or None without business hours."""
    schedule = channel_schedule(entry_point)
    if schedule is None:
        return None
    return status_at(schedule, instant or timezone.now(), zone(entry_point.timezone))


def channel_calendar(
    entry_point: EntryPoint, *, start: date, days: int, split_days: bool = False
) -> Calendar | None:
    """Open and closed intervals of a channel over whole local days, or None without business hours."""
    schedule = channel_schedule(entry_point)
    if schedule is None:
        return None
    return calendar(schedule, start, days, zone(entry_point.timezone), split_days=split_days)


def held_numbers(entry_point: EntryPoint) -> list[SupportNumber]:
    """The numbers a channel holds, by number. A channel of a type that may hold none holds none
    (SupportNumber.clean refuses the assignment), so its page asks no query for them."""
    if entry_point._state.adding or not entry_point.may_hold_numbers:
        return []
    return list(entry_point.support_numbers.order_by("number"))
