"""Test routing: what happens when a customer contacts this number (or channel) at this local moment.

``routing_resolve`` answers with the channel, its time zone and the local time with its UTC offset,
the flow, open or closed and the deciding rule (by ``flows.schedule``, the one engine), when that
changes, the queue the contact goes to, and warnings. It reads the same few queries whatever the
schedule holds: the number or channel with everything it leads to in one JOIN-ed select, and the
schedule's shifts, holidays and overrides prefetched (``flows.selectors.with_schedules``).

Bad input (an unknown or invalid number, another organization's channel, a date out of range) is a
``ValidationError`` keyed by the field it concerns: ``number``, ``entry_point``, ``local_time``,
``fold``; the console and the API show those messages beside their fields.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.formats import weekday_and_date
from flows import selectors as flows_selectors
from flows.schedule import (
    OffsetChange,
    Status,
    offset_changes,
    offset_changes_near,
    resolve_local,
    status_at,
    zone,
)
from flows.snapshots import schedule_of
from support_numbers.models import SupportNumber
from support_numbers.phone import describe_number, normalize_number

from .models import EntryPoint
from .selectors import SCHEDULE_PATH, with_schedules

# The engine counts from 1970; far-future dates only make zone rules up (as the calendar preview).
FIRST_LOCAL = datetime.datetime(1970, 1, 1)
LAST_LOCAL = datetime.datetime(2199, 12, 31, 23, 59, 59)

# What the contact's path reads from an EntryPoint, besides the schedule.
_CHANNEL_RELATED = ("flow__queue",)


class RoutingOutcome(models.TextChoices):
    QUEUE = "queue", gettext_lazy("Goes to a queue")
    CLOSED = "closed", gettext_lazy("Closed")
    NO_QUEUE = "no_queue", gettext_lazy("Open, but no queue")
    NO_FLOW = "no_flow", gettext_lazy("No flow")
    CHANNEL_INACTIVE = "channel_inactive", gettext_lazy("Channel inactive")
    NO_CHANNEL = "no_channel", gettext_lazy("Number not assigned")


class RoutingWarningCode(models.TextChoices):
    NUMBER_UNASSIGNED = "number_unassigned", gettext_lazy("Number not assigned")
    CHANNEL_INACTIVE = "channel_inactive", gettext_lazy("Channel inactive")
    OUTBOUND_CHANNEL = "outbound_channel", gettext_lazy("Outbound channel")
    NO_FLOW = "no_flow", gettext_lazy("No flow")
    NO_BUSINESS_HOURS = "no_business_hours", gettext_lazy("Flow without business hours")
    NO_QUEUE = "no_queue", gettext_lazy("No queue")
    QUEUE_INACTIVE = "queue_inactive", gettext_lazy("Queue inactive")
    AMBIGUOUS_TIME = "ambiguous_time", gettext_lazy("Time happens twice")
    NONEXISTENT_TIME = "nonexistent_time", gettext_lazy("Time does not exist")
    CLOCK_CHANGE = "clock_change", gettext_lazy("Clock change within 24 hours")


@dataclass(frozen=True)
class RoutingWarning:
    code: RoutingWarningCode
    message: str


@dataclass(frozen=True)
class RoutingResult:
    """The answer of Test routing; `at` is the instant asked about, aware in the channel's zone."""

    timezone: str  # the channel's zone, or the organization's when no channel takes the number
    at: datetime.datetime
    requested: datetime.datetime | None  # the naive wall-clock reading asked about; None: now
    fold: int  # which pass of a repeated time `at` is: 0 first, 1 second
    ambiguous: bool  # the wall-clock reading happens twice (the clocks go back)
    nonexistent: bool  # the wall-clock reading is skipped (the clocks go forward); `at` is the jump
    other_occurrence: datetime.datetime | None  # when ambiguous: the other pass
    outcome: RoutingOutcome
    number: SupportNumber | None = None
    entry_point: EntryPoint | None = None
    status: Status | None = None  # None without business hours (or without a channel or flow)
    queue: object | None = None  # the queue the contact goes to now; None unless the outcome is QUEUE
    warnings: list[RoutingWarning] = field(default_factory=list)

    @property
    def flow(self):
        return self.entry_point.flow if self.entry_point is not None else None

    @property
    def business_hours(self):
        flow = self.flow
        return flow.business_hours if flow is not None and flow.business_hours_id else None

    @property
    def is_open(self) -> bool | None:
        """Open by the schedule; True when the flow has no business hours; None without channel or flow."""
        if self.status is not None:
            return self.status.is_open
        return True if self.flow is not None else None

    @property
    def utc_offset(self) -> str:
        return utc_offset(self.at)

    @property
    def summary(self) -> str:
        """One sentence: where the contact goes, or why it goes nowhere."""
        values = {
            "channel": self.entry_point.name if self.entry_point else "",
            "queue": self.queue.name if self.queue else "",
            "reason": self.status.reason if self.status else "",
        }
        messages = {
            RoutingOutcome.QUEUE: _("The contact goes to the queue “%(queue)s”."),
            RoutingOutcome.CLOSED: _("Closed (%(reason)s): the contact does not go to a queue."),
            RoutingOutcome.NO_QUEUE: _("Open, but the flow routes to no queue: the contact is not queued."),
            RoutingOutcome.NO_FLOW: _("The channel “%(channel)s” has no flow: the contact is not routed."),
            RoutingOutcome.CHANNEL_INACTIVE: _(
                "The channel “%(channel)s” is inactive: it takes no contacts."
            ),
            RoutingOutcome.NO_CHANNEL: _("The number is not assigned to any channel: nothing answers it."),
        }
        return messages[self.outcome] % values


def utc_offset(moment: datetime.datetime) -> str:
    """ "+01:00", "+05:30", "-04:00" (isoformat's, without the seconds a few historical zones have)."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _not_found_number(number: str) -> ValidationError:
    return ValidationError(
        {"number": _("No support number %(number)s in your organization.") % {"number": number}},
        code="not_found",
    )


def _find_number(organization, raw: str) -> SupportNumber:
    try:
        e164 = normalize_number(raw)
    except ValidationError as error:
        raise ValidationError({"number": error.messages}) from None
    related = [f"entry_point__{path}" for path in (*_CHANNEL_RELATED, SCHEDULE_PATH)]
    found = flows_selectors.with_schedules(
        SupportNumber.objects.filter(organization=organization, number=e164).select_related(*related),
        f"entry_point__{SCHEDULE_PATH}",
    ).first()
    if found is None:
        raise _not_found_number(describe_number(e164).international)
    return found


def _find_entry_point(organization, entry_point) -> EntryPoint:
    key = entry_point.pk if isinstance(entry_point, EntryPoint) else entry_point
    queryset = with_schedules(
        EntryPoint.objects.filter(organization=organization).select_related(*_CHANNEL_RELATED)
    )
    try:
        return queryset.get(pk=uuid.UUID(str(key)))
    except (EntryPoint.DoesNotExist, ValueError):
        raise ValidationError(
            {"entry_point": _("No such channel in your organization.")}, code="not_found"
        ) from None


@dataclass(frozen=True)
class _Moment:
    at: datetime.datetime
    requested: datetime.datetime | None
    fold: int
    ambiguous: bool
    nonexistent: bool
    other: datetime.datetime | None


def _place(local: datetime.datetime | None, fold: int, tz) -> _Moment:
    """The instant a wall-clock reading names in `tz` (the chosen pass if it happens twice), or now."""
    if local is None:
        now = timezone.now().astimezone(tz)
        moment = resolve_local(now.replace(tzinfo=None), tz)
        other = None
        if moment.repeated:
            other = moment.second_instant if now.fold == 0 else moment.instant
        return _Moment(now, None, now.fold, moment.repeated, False, other)
    moment = resolve_local(local, tz)
    if moment.repeated:
        first, second = moment.instant, moment.second_instant
        at, other = (second, first) if fold else (first, second)
        return _Moment(at, moment.local, fold, True, False, other)
    return _Moment(moment.instant, moment.local, 0, False, moment.skipped, None)


def _hm(moment: datetime.datetime) -> str:
    return dateformat.format(moment, "H:i")


def _time_warnings(
    moment: _Moment, tz, zone_name: str, status=None, other_status=None
) -> list[RoutingWarning]:
    warnings = []
    if moment.ambiguous and moment.other is not None:
        values = {
            "time": _hm(moment.at),
            "date": weekday_and_date(moment.at),
            "zone": zone_name,
            "offset": utc_offset(moment.at),
            "other_offset": utc_offset(moment.other),
            "which": _("first") if moment.fold == 0 else _("second"),
        }
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.AMBIGUOUS_TIME,
                _(
                    "%(time)s happens twice on %(date)s in %(zone)s because the clocks go back: this is the "
                    "%(which)s time, at UTC%(offset)s; the other is at UTC%(other_offset)s."
                )
                % values
                + _other_pass(status, other_status),
            )
        )
    if moment.nonexistent and moment.requested is not None:
        jump = _change_at(moment.at, tz)
        values = {
            "time": _hm(moment.requested),
            "date": weekday_and_date(moment.requested),
            "zone": zone_name,
            "before": _hm(jump.local_before) if jump else "",
            "after": _hm(moment.at),
            "offset": utc_offset(moment.at),
        }
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.NONEXISTENT_TIME,
                _(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward from %(before)s to "
                    "%(after)s. It is read as %(after)s (UTC%(offset)s), the moment the clocks jump."
                )
                % values,
            )
        )
    for change in offset_changes_near(moment.at, tz):
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.CLOCK_CHANGE,
                _("A clock change within 24 hours: %(change)s (UTC%(before)s → UTC%(after)s).")
                % {
                    "change": change.label(),
                    "before": _offset_text(change.offset_before),
                    "after": _offset_text(change.offset_after),
                },
            )
        )
    return warnings


def _other_pass(status, other_status) -> str:
    """ " At the other time the contact center is closed (Emergency).", when the two passes differ."""
    if status is None or other_status is None or status.is_open == other_status.is_open:
        return ""
    values = {"reason": other_status.reason}
    if other_status.is_open:
        return " " + _("At the other time the contact center is open (%(reason)s).") % values
    return " " + _("At the other time the contact center is closed (%(reason)s).") % values


def _offset_text(offset: datetime.timedelta) -> str:
    return utc_offset(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(offset)))


def _change_at(instant: datetime.datetime, tz) -> OffsetChange | None:
    """The clock change that happens exactly at `instant`, if any."""
    changes = offset_changes(
        instant - datetime.timedelta(hours=1), instant + datetime.timedelta(seconds=1), tz
    )
    return next((change for change in changes if change.at == instant), None)


def _check_input(number, entry_point, local, fold) -> None:
    errors: dict[str, str] = {}
    if fold not in (0, 1):
        errors["fold"] = _("Choose 0 (the first time) or 1 (the second time).")
    if local is not None:
        naive = local.replace(tzinfo=None)
        if not FIRST_LOCAL <= naive <= LAST_LOCAL:
            errors["local_time"] = _("Choose a date between %(first)s and %(last)s.") % {
                "first": formats.date_format(FIRST_LOCAL, "DATE_FORMAT"),
                "last": formats.date_format(LAST_LOCAL, "DATE_FORMAT"),
            }
    if errors:
        raise ValidationError(errors)
    has_number = bool(number and str(number).strip())
    if has_number == (entry_point is not None):
        raise ValidationError(
            _("Give either a support number or a channel, not both.")
            if has_number
            else _("Give a support number or choose a channel."),
            code="number_or_entry_point",
        )


def routing_resolve(
    *,
    organization,
    number: str | None = None,
    entry_point: EntryPoint | uuid.UUID | str | None = None,
    local: datetime.datetime | None = None,
    fold: int = 0,
) -> RoutingResult:
    """Where a contact to `number` (any written form) or `entry_point` goes at local wall-clock `local`
    (naive, in the channel's zone; default now), with the deciding rule and warnings."""
    _check_input(number, entry_point, local, fold)
    found_number = None
    if entry_point is not None:
        channel = _find_entry_point(organization, entry_point)
    else:
        found_number = _find_number(organization, number)
        channel = found_number.entry_point

    zone_name = channel.timezone if channel is not None else organization.timezone
    tz = zone(zone_name)
    if local is not None and local.tzinfo is not None:
        local = local.astimezone(tz)
        fold, local = local.fold, local.replace(tzinfo=None, fold=0)
    moment = _place(local, fold, tz)

    warnings: list[RoutingWarning] = []
    status = None
    queue = None
    if channel is None:
        outcome = RoutingOutcome.NO_CHANNEL
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.NUMBER_UNASSIGNED,
                _("The support number %(number)s is not assigned to any channel.") % {"number": found_number},
            )
        )
    else:
        outcome, status, queue = _route(channel, moment.at, tz, warnings)
    other_status = None
    if status is not None and moment.ambiguous and moment.other is not None:
        # Shifts and holidays read both passes alike, but an override is a period of real time and may
        # cover one pass and not the other (DOMAIN.md, Business hours): then the warning says so.
        other_status = status_at(schedule_of(channel.flow.business_hours), moment.other, tz)
    warnings.extend(_time_warnings(moment, tz, zone_name, status, other_status))
    return RoutingResult(
        timezone=zone_name,
        at=moment.at,
        requested=moment.requested,
        fold=moment.fold,
        ambiguous=moment.ambiguous,
        nonexistent=moment.nonexistent,
        other_occurrence=moment.other,
        outcome=outcome,
        number=found_number,
        entry_point=channel,
        status=status,
        queue=queue,
        warnings=warnings,
    )


def _route(channel: EntryPoint, at: datetime.datetime, tz, warnings: list[RoutingWarning]):
    """(outcome, status, queue) for a channel at an instant; appends the channel's warnings."""
    names = {"channel": channel.name}
    if not channel.active:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.CHANNEL_INACTIVE,
                _("The channel “%(channel)s” is inactive: it takes no contacts until it is activated.")
                % names,
            )
        )
    if channel.is_outbound:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.OUTBOUND_CHANNEL,
                _(
                    "“%(channel)s” is an outbound channel: it places calls; customers’ contacts do not arrive through it."
                )
                % names,
            )
        )
    flow = channel.flow
    if flow is None:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.NO_FLOW,
                _("The channel “%(channel)s” has no flow, so its contacts are not routed.") % names,
            )
        )
        outcome = RoutingOutcome.CHANNEL_INACTIVE if not channel.active else RoutingOutcome.NO_FLOW
        return outcome, None, None

    names["flow"] = flow.name
    status = None
    if flow.business_hours_id is None:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.NO_BUSINESS_HOURS,
                _(
                    "The flow “%(flow)s” has no business hours: the channel is always open; working hours, "
                    "holidays and overrides do not apply."
                )
                % names,
            )
        )
    else:
        status = status_at(schedule_of(flow.business_hours), at, tz)
    queue = flow.queue if flow.queue_id is not None else None
    if queue is None:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.NO_QUEUE,
                _("The flow “%(flow)s” routes to no queue: contacts have nowhere to wait for an agent.")
                % names,
            )
        )
    elif not queue.active:
        warnings.append(
            RoutingWarning(
                RoutingWarningCode.QUEUE_INACTIVE,
                _("The queue “%(queue)s” is inactive.") % {"queue": queue.name},
            )
        )

    if not channel.active:
        return RoutingOutcome.CHANNEL_INACTIVE, status, None
    if status is not None and not status.is_open:
        return RoutingOutcome.CLOSED, status, None
    if queue is None:
        return RoutingOutcome.NO_QUEUE, status, None
    return RoutingOutcome.QUEUE, status, queue


__all__ = [
    "RoutingOutcome",
    "RoutingResult",
    "RoutingWarning",
    "RoutingWarningCode",
    "routing_resolve",
    "utc_offset",
]
