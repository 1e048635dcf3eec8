"""Reads that load business-hours schedules for many rows in a constant number of queries.

Typical use in a list (the Channels list's "Open now" column)::

    entry_points = with_schedules(EntryPoint.objects.for_organization(org).with_list_data())
    statuses = channel_statuses(entry_points)          # {entry_point.pk: Status or None}
    statuses[entry_point.pk].label()                   # "Open · until 17:00 (Weekdays)"

``with_schedules`` only joins the business hours and their holiday and override lists: each carries
its rows in the engine's form (``flows.snapshots``), so the column adds no query at all, whatever the
number of rows, and ``channel_statuses`` runs none either. A channel page uses ``channel_status`` and
the calendar preview ``channel_calendar`` on one entry point loaded the same way (or not: then the
lists are read with a query each).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import BusinessHours, Flow
from .schedule import Calendar, Schedule, Status, calendar, status_at, zone

# The path from each model that can carry a schedule to its BusinessHours.
_PATHS = {
    "flows.BusinessHours": "",
    "flows.Flow": "business_hours",
    "channels.EntryPoint": "flow__business_hours",
}


def business_hours_related(path: str = "") -> list[str]:
    """The select_related paths a Schedule needs, for a queryset whose BusinessHours is at `path`."""
    prefix = f"{path}__" if path else ""
    return [f"{prefix}holiday_list", f"{prefix}override_list"]


def with_schedules(queryset: QuerySet) -> QuerySet:
    """EntryPoints, Flows or BusinessHours with everything `Schedule.from_business_hours` reads, in
    the same query (JOINs)."""
    label = queryset.model._meta.label
    if label not in _PATHS:
        raise TypeError(f"{label} does not lead to business hours.")
    return queryset.select_related(*business_hours_related(_PATHS[label]))


def _business_hours_of(entry_point) -> BusinessHours | None:
    flow: Flow | None = entry_point.flow if entry_point.flow_id is not None else None
    if flow is None or flow.business_hours_id is None:
        return None
    return flow.business_hours


def channel_schedule(entry_point) -> Schedule | None:
    """The schedule a channel follows (its flow's business hours), or None."""
    business_hours = _business_hours_of(entry_point)
    return Schedule.from_business_hours(business_hours) if business_hours is not None else None


def channel_statuses(entry_points: Iterable, instant: datetime | None = None) -> dict:
    """{entry point pk: Status in the channel's own zone, or None without business hours}; no queries
    when `entry_points` came through `with_schedules`. Channels sharing a schedule and a zone share
    one computation."""
    instant = instant or timezone.now()
    schedules: dict = {}
    computed: dict = {}
    memo: dict = {}
    result = {}
    for entry_point in entry_points:
        business_hours = _business_hours_of(entry_point)
        if business_hours is None:
            result[entry_point.pk] = None
            continue
        schedule = schedules.get(business_hours.pk)
        if schedule is None:
            schedule = schedules[business_hours.pk] = Schedule.from_business_hours(business_hours, memo=memo)
        key = (business_hours.pk, entry_point.timezone)
        status = computed.get(key)
        if status is None:
            status = computed[key] = status_at(schedule, instant, zone(entry_point.timezone))
        result[entry_point.pk] = status
    return result


def channel_status(entry_point, instant: datetime | None = None) -> Status | None:
    """The Status of one channel now (or at `instant`), or None without business hours."""
    schedule = channel_schedule(entry_point)
    if schedule is None:
        return None
    return status_at(schedule, instant or timezone.now(), zone(entry_point.timezone))


def channel_calendar(entry_point, *, start: date, days: int, split_days: bool = False) -> Calendar | None:
    """Open and closed intervals of a channel over whole local days, or None without business hours."""
    schedule = channel_schedule(entry_point)
    if schedule is None:
        return None
    return calendar(schedule, start, days, zone(entry_point.timezone), split_days=split_days)
