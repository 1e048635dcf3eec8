"""The calendar preview of a channel: the range a caller asks for, and the body the API answers.

The console's calendar page parses its query string with the same `CalendarRangeSerializer`, so the
rules (and messages) for `start` and `days` are written once.
"""

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from flows.schedule import OffsetChange, RuleKind, local_day_start, offset_changes, zone

DEFAULT_DAYS = 14
MAX_DAYS = 31
# The engine counts from 1970; far-future dates only make zone rules up, so the range stops in 2199.
FIRST_START = datetime.date(1970, 1, 1)
LAST_START = datetime.date(2199, 12, 31)


class CalendarRangeSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False,
        label=_("Start date"),
        input_formats=["%Y-%m-%d"],
        help_text=_(
            "First local date shown, YYYY-MM-DD, between 1970-01-01 and 2199-12-31; "
            "default: today in the channel's time zone."
        ),
    )
    days = serializers.IntegerField(
        required=False,
        label=_("Days"),
        default=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("How many whole local days, 1 to 31; default 14."),
    )

    def validate_start(self, value: datetime.date) -> datetime.date:
        if not FIRST_START <= value <= LAST_START:
            raise serializers.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {
                    "first": dateformat.format(FIRST_START, "j M Y"),
                    "last": dateformat.format(LAST_START, "j M Y"),
                }
            )
        return value


class RuleDecisionSerializer(serializers.Serializer):
    """Open or closed, and the rule that decided: what the engine answers for any moment."""

    is_open = serializers.BooleanField()
    rule_kind = serializers.ChoiceField(
        choices=RuleKind.choices, help_text=_("What decided: the kind of rule.")
    )
    rule_name = serializers.CharField(
        allow_blank=True, help_text=_("The override, holiday or shift by name; empty outside working hours.")
    )
    reason = serializers.CharField(help_text=_("The rule's name, or “outside working hours”."))


class CalendarIntervalSerializer(RuleDecisionSerializer):
    start = serializers.DateTimeField(help_text=_("Local time with the UTC offset it has then."))
    end = serializers.DateTimeField(help_text=_("Exclusive; the next interval starts here."))


class OffsetChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=_("The instant the clocks change, with the new offset."))
    offset_before = serializers.IntegerField(help_text=_("UTC offset before the change, in minutes."))
    offset_after = serializers.IntegerField(help_text=_("UTC offset after the change, in minutes."))
    local_before = serializers.CharField(help_text=_("Wall-clock reading the clocks jump from (no offset)."))
    local_after = serializers.CharField(help_text=_("Wall-clock reading the clocks jump to (no offset)."))
    label = serializers.CharField()


class CalendarBusinessHoursSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CalendarSerializer(serializers.Serializer):
    """Describes the calendar body; the view builds it from the engine's own `to_dict()`s."""

    entry_point = serializers.UUIDField(help_text=_("The channel's id."))
    timezone = serializers.CharField(help_text=_("The channel's IANA time zone; every time is local to it."))
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


def calendar_body(entry_point, business_hours, start: datetime.date, days: int, intervals, changes) -> dict:
    """The API body of a channel's calendar, from the engine's Intervals and OffsetChanges."""
    return {
        "entry_point": str(entry_point.pk),
        "timezone": entry_point.timezone,
        "start": start.isoformat(),
        "days": days,
        "business_hours": (
            {"id": str(business_hours.pk), "name": business_hours.name}
            if business_hours is not None
            else None
        ),
        "intervals": [interval.to_dict() for interval in intervals],
        "offset_changes": [change.to_dict() for change in changes],
    }


def calendar_range(entry_point, validated: dict) -> tuple[datetime.date, int]:
    """(first local date, days) from a valid `CalendarRangeSerializer`: start defaults to the channel's today."""
    start = validated.get("start") or timezone.now().astimezone(zone(entry_point.timezone)).date()
    return start, validated.get("days") or DEFAULT_DAYS


def clock_changes(entry_point, start: datetime.date, days: int) -> list[OffsetChange]:
    """The clock changes of the channel's zone within the days (for a channel without business hours)."""
    tz = zone(entry_point.timezone)
    return offset_changes(
        local_day_start(start, tz), local_day_start(start + datetime.timedelta(days=days), tz), tz
    )
