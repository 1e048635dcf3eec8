"""Reads that load business-hours schedules for many rows in a constant number of queries.

``with_schedules`` joins each row's BusinessHours with its holiday and override lists and prefetches
their shifts, holidays and overrides: three queries more than the rows' own, whatever their number, and
``flows.snapshots.schedule_of`` then builds each Schedule without a query::

    hours = with_schedules(BusinessHours.objects.filter(organization=org))
    schedules = [schedule_of(business_hours) for business_hours in hours]

Channels have their own reads on top of this one (``channels.selectors``).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .snapshots import HOLIDAY_ROWS, OVERRIDE_ROWS, SHIFT_ROWS

# The path from each flows model that can carry a schedule to its BusinessHours.
_PATHS = {
    "flows.BusinessHours": "",
    "flows.Flow": "business_hours",
}


def with_schedules(queryset: QuerySet, path: str | None = None) -> QuerySet:
    """`queryset` with everything `schedule_of` reads for the BusinessHours at lookup `path` (found by
    itself for BusinessHours and Flow): the lists joined, their rows prefetched."""
    if path is None:
        label = queryset.model._meta.label
        if label not in _PATHS:
            raise TypeError(f"{label} does not lead to business hours by itself: give the path.")
        path = _PATHS[label]
    prefix = f"{path}__" if path else ""
    return queryset.select_related(f"{prefix}holiday_list", f"{prefix}override_list").prefetch_related(
        Prefetch(f"{prefix}shifts", to_attr=SHIFT_ROWS),
        Prefetch(f"{prefix}holiday_list__holidays", to_attr=HOLIDAY_ROWS),
        Prefetch(f"{prefix}override_list__overrides", to_attr=OVERRIDE_ROWS),
    )
