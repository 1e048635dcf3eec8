"""The calendar preview of a channel in the API: the range a caller asks for, and the body it answers.

The range's rules (and messages) are the console's, from ``channels.calendar``. The output serializers
below render the engine's own objects (``Interval``, ``OffsetChange``, ``Status`` for Test routing)
through `source=`, so what the schema describes is what the body is made from.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from channels.calendar import (
    DAYS_HELP,
    DEFAULT_DAYS,
    MAX_DAYS,
    START_FORMAT,
    START_HELP,
    validate_calendar_start,
)
from flows.schedule import OffsetChange, RuleKind, local_day_start, offset_changes, zone


class CalendarRangeSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False,
        label=_("Start date"),
        input_formats=[START_FORMAT],
        validators=[validate_calendar_start],
        help_text=START_HELP,
    )
    days = serializers.IntegerField(
        required=False,
        label=_("Days"),
        default=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=DAYS_HELP,
    )


class IsoFormatField(serializers.CharField):
    """A date and time as `isoformat()` writes it (a naive one: the wall clock, without an offset)."""

    def to_representation(self, value: datetime.datetime) -> str:
        return value.isoformat()


@extend_schema_field(OpenApiTypes.DATETIME)
class LocalDateTimeField(IsoFormatField):
    """An aware date and time as it reads in its own zone, with the UTC offset it has then: DRF's
    DateTimeField would move it into the request's time zone and write a zero offset as Z."""


class MinutesField(serializers.IntegerField):
    """A timedelta as whole minutes (a UTC offset)."""

    def to_representation(self, value: datetime.timedelta) -> int:
        return int(value.total_seconds()) // 60


class RuleDecisionSerializer(serializers.Serializer):
    """Open or closed, and the rule that decided: what the engine answers for any moment."""

    is_open = serializers.BooleanField()
    rule_kind = serializers.ChoiceField(
        choices=[(kind.value, kind.label) for kind in RuleKind],
        help_text=_("What decided: the kind of rule."),
    )
    rule_name = serializers.CharField(
        allow_blank=True, help_text=_("The override, holiday or shift by name; empty outside working hours.")
    )
    reason = serializers.CharField(help_text=_("The rule's name, or “outside working hours”."))


class IntervalSpanSerializer(serializers.Serializer):
    start = LocalDateTimeField(help_text=_("Local time with the UTC offset it has then."))
    end = LocalDateTimeField(help_text=_("Exclusive; the next interval starts here."))


# The span's fields first, as the body has always had them: DRF puts the first base's fields first.
class CalendarIntervalSerializer(IntervalSpanSerializer, RuleDecisionSerializer):
    """Open or closed from `start` to `end`, and the rule that decided."""


class OffsetChangeSerializer(serializers.Serializer):
    at = LocalDateTimeField(help_text=_("The instant the clocks change, with the new offset."))
    offset_before = MinutesField(help_text=_("UTC offset before the change, in minutes."))
    offset_after = MinutesField(help_text=_("UTC offset after the change, in minutes."))
    local_before = IsoFormatField(help_text=_("Wall-clock reading the clocks jump from (no offset)."))
    local_after = IsoFormatField(help_text=_("Wall-clock reading the clocks jump to (no offset)."))
    label = serializers.CharField()


class CalendarBusinessHoursSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CalendarSerializer(serializers.Serializer):
    """A channel's open and closed intervals over whole local days, and the clock changes in them."""

    entry_point = serializers.UUIDField(source="entry_point.pk", help_text=_("The channel's id."))
    timezone = serializers.CharField(
        source="entry_point.timezone", help_text=_("The channel's IANA time zone; every time is local to it.")
    )
    accepts_contacts = serializers.BooleanField(
        source="entry_point.active",
        help_text=_(
            "false: the channel is inactive and accepts no contacts, open or closed; the intervals are still "
            "what its business hours decide, for when it is activated again."
        ),
    )
    start = serializers.DateField(help_text=_("First local date."))
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS)
    business_hours = CalendarBusinessHoursSerializer(
        allow_null=True,
        help_text=_(
            "The schedule the channel follows through its flow; null when the flow has no business hours "
            "(then `intervals` is empty: nothing opens or closes the channel)."
        ),
    )
    intervals = CalendarIntervalSerializer(
        many=True,
        help_text=_(
            "Open and closed intervals covering the days from local midnight to local midnight, in order."
        ),
    )
    offset_changes = OffsetChangeSerializer(many=True, help_text=_("Clock changes (DST) within the days."))


def calendar_data(entry_point, start: datetime.date, days: int, found) -> dict:
    """What `CalendarSerializer` renders, from the engine's Calendar (None without business hours: then
    no intervals, and the zone's clock changes all the same)."""
    if found is None:
        return {
            "entry_point": entry_point,
            "start": start,
            "days": days,
            "business_hours": None,
            "intervals": [],
            "offset_changes": clock_changes(entry_point, start, days),
        }
    return {
        "entry_point": entry_point,
        "start": start,
        "days": days,
        "business_hours": entry_point.flow.business_hours,
        "intervals": found.intervals,
        "offset_changes": found.offset_changes,
    }


def clock_changes(entry_point, start: datetime.date, days: int) -> list[OffsetChange]:
    """The clock changes of the channel's zone within the days (for a channel without business hours)."""
    tz = zone(entry_point.timezone)
    return offset_changes(
        local_day_start(start, tz), local_day_start(start + datetime.timedelta(days=days), tz), tz
    )
