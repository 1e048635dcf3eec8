"""Customer Experience > Channels: the list, the create/detail form, the calendar preview, activation
and deletion."""

import datetime

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from contactcenter.errors import DomainConflict, VersionConflict
from contactcenter.references import references
from contactcenter.views import (
    BulkAction,
    BulkActionMixin,
    MemberMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    htmx_redirect,
    version_from,
)
from flows.schedule import Calendar, OffsetChange, RuleKind, Status, zone

from .calendar import DEFAULT_DAYS, CalendarRangeForm, calendar_range
from .choices import ChannelType
from .filtersets import EntryPointConsoleFilterSet
from .forms import EntryPointDeleteForm, EntryPointForm
from .models import EntryPoint
from .selectors import (
    SCHEDULE_PATH,
    channel_business_hours,
    channel_calendar,
    channel_status,
    channel_statuses,
    held_numbers,
    with_schedules,
)
from .services import (
    entry_point_activate,
    entry_point_create,
    entry_point_deactivate,
    entry_point_delete,
    entry_point_update,
    entry_points_bulk,
)
from .tables import EntryPointTable, open_now_state


def open_now(status: Status | None) -> dict | None:
    """What an "Open now" cell shows: the state ("Open", "Closed") on one line and the rest of the
    engine's label ("until 17:00 (Weekdays)") on the next; None without business hours."""
    if status is None:
        return None
    label = status.label()
    head, _separator, tail = label.partition(" · ")
    return {"status": status, "label": label, "head": head, "tail": tail}


class EntryPointListView(ObjectListView):
    model = EntryPoint
    template_name = "channels/entrypoint_list.html"
    search_fields = ("name", "description")
    sort_fields = {
        "name": "name",
        "type": "channel_type",
        "direction": "outbound_first",
        "status": "active",
        "flow": "flow__name",
        "timezone": "timezone",
        "numbers": "support_number_total",
        "updated": "updated_at",
    }
    filterset_class = EntryPointConsoleFilterSet
    list_url_name = "channels:entrypoint-list"
    bulk_url_name = "channels:entrypoint-bulk"
    bulk_actions = {
        "activate": BulkAction(
            label=gettext_lazy("Activate"),
            button=ngettext_lazy("Activate %(count)d channel", "Activate %(count)d channels", "count"),
            done=ngettext_lazy("%(count)d channel activated.", "%(count)d channels activated.", "count"),
            will=gettext_lazy("Will be activated"),
            service=entry_points_bulk,
            action="activate",
        ),
        "deactivate": BulkAction(
            label=gettext_lazy("Deactivate"),
            button=ngettext_lazy("Deactivate %(count)d channel", "Deactivate %(count)d channels", "count"),
            done=ngettext_lazy("%(count)d channel deactivated.", "%(count)d channels deactivated.", "count"),
            will=gettext_lazy("Will be deactivated: it stops accepting contacts"),
            service=entry_points_bulk,
            action="deactivate",
        ),
        "delete": BulkAction(
            label=gettext_lazy("Delete"),
            button=ngettext_lazy("Delete %(count)d channel", "Delete %(count)d channels", "count"),
            done=ngettext_lazy("%(count)d channel deleted.", "%(count)d channels deleted.", "count"),
            will=gettext_lazy("Will be deleted"),
            service=entry_points_bulk,
            action="delete",
            danger=True,
        ),
        "delete_release": BulkAction(
            label=gettext_lazy("Delete, releasing their numbers"),
            button=ngettext_lazy("Delete %(count)d channel", "Delete %(count)d channels", "count"),
            done=ngettext_lazy("%(count)d channel deleted.", "%(count)d channels deleted.", "count"),
            will=gettext_lazy("Will be deleted; its numbers become free"),
            service=entry_points_bulk,
            action="delete",
            options={"release_numbers": True},
            danger=True,
        ),
    }
    sort_expressions = {
        "outbound_first": Case(
            When(channel_type=ChannelType.OUTBOUND_TELEPHONY, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        # Sorting by the number of numbers counts every channel's numbers: one join grouped by channel
        # does that in a third of the time of a correlated count per channel (PostgreSQL, 10,000 channels:
        # 4 ms against 12). The rows shown still count theirs with `support_number_count`.
        "support_number_total": Count("support_numbers"),
    }
    table_class = EntryPointTable
    #: The "Open now" column; benchmarks/channel_list_queries.py turns it off to compare query counts.
    open_now = True

    def table_options(self) -> dict:
        return {"show_open_now": self.open_now}

    def list_queryset(self):
        queryset = self.get_queryset().with_list_data()
        # The page's schedules and lists joined, their rows prefetched: three queries more, whatever the rows.
        return with_schedules(queryset) if self.open_now else queryset

    def extra_context(self, page) -> dict:
        statuses = channel_statuses(page.object_list) if self.open_now else {}
        # Channels that share a schedule and a zone share their Status, and so its wording.
        shown: dict = {}
        for channel in page.object_list:
            status = statuses.get(channel.pk)
            if id(status) not in shown:
                shown[id(status)] = open_now(status)
            channel.open_now = shown[id(status)]
        return {
            "nav": "channels",
            # Every organization has its system channel, so "empty" means: none of its own yet (a page
            # that shows one of them has answered that without a query).
            "has_own_channels": any(not channel.is_system for channel in page.object_list)
            or self.get_queryset().filter(is_system=False).exists(),
            "show_open_now": self.open_now,
        }


class EntryPointBulkView(BulkActionMixin, EntryPointListView):
    """Activate, deactivate or delete the channels chosen on the list."""


class EntryPointEditView(ObjectEditView):
    model = EntryPoint
    form_class = EntryPointForm
    template_name = "channels/entrypoint_form.html"
    list_url_name = "channels:entrypoint-list"
    partial_targets = ("type-fields",)
    create_service = staticmethod(entry_point_create)
    update_service = staticmethod(entry_point_update)

    def get_queryset(self):
        # One channel: Open now reads its schedule's shifts, holidays and overrides with a query each
        # (flows.snapshots.schedule_of), as many queries as with_schedules' prefetch and cheaper than the
        # prefetch machinery for one row; the lists themselves come with the channel.
        return (
            super()
            .get_queryset()
            .select_related(
                "flow",
                "flow__queue",
                "music_on_hold",
                "outdial_queue",
                f"{SCHEDULE_PATH}__holiday_list",
                f"{SCHEDULE_PATH}__override_list",
            )
        )

    def page_context(self, obj, form) -> dict:
        context = {"nav": "channels"}
        if not obj._state.adding:
            # The form read the channel's numbers for its picker; after a refused save `obj` is read
            # again, and so are they (what is stored, not what was posted).
            numbers = form.held_numbers if form.instance is obj else held_numbers(obj)
            found = references(obj, loaded={"support_numbers": numbers})
            context.update(
                {
                    "references": found,
                    # The numbers have their own panel; anything else that refers to the channel
                    # is listed as "Used by".
                    "other_references": [ref for ref in found if ref.type != "supportnumber"],
                    "numbers": numbers,
                    "delete_form": EntryPointDeleteForm(initial={"version": obj.version}),
                    "open_now": (state := open_now(channel_status(obj))),
                    "open_now_state": open_now_state(obj, state),
                }
            )
        return context


class EntryPointSetActiveView(MemberMixin, View):
    """POST-only activation or deactivation; the version the page showed guards the change."""

    model = EntryPoint
    active: bool

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, *args, **kwargs) -> HttpResponse:
        entry_point = self.get_object()
        form = EntryPointDeleteForm(request.POST)
        service = entry_point_activate if self.active else entry_point_deactivate
        try:
            if not form.is_valid():
                raise VersionConflict(entry_point)
            service(entry_point=entry_point, version=version_from(form))
        except DomainConflict as error:
            messages.error(request, error.detail)
        else:
            message = (
                _("Channel “%(name)s” is now active.")
                if self.active
                else _("Channel “%(name)s” is now inactive: it no longer accepts contacts.")
            )
            messages.success(request, message % {"name": entry_point.name})
        return htmx_redirect(request, entry_point.get_absolute_url())


class EntryPointActivateView(EntryPointSetActiveView):
    active = True


class EntryPointDeactivateView(EntryPointSetActiveView):
    active = False


class EntryPointDeleteView(ObjectDeleteView):
    model = EntryPoint
    list_url_name = "channels:entrypoint-list"

    def delete(self, obj, request) -> None:
        form = EntryPointDeleteForm(request.POST)
        if not form.is_valid():
            raise VersionConflict(obj)
        entry_point_delete(
            entry_point=obj,
            release_numbers=form.cleaned_data["release_numbers"],
            version=version_from(form),
        )


# The calendar preview

CALENDAR_HOURS = [{"label": f"{hour:02d}:00", "top": f"{hour * 100 / 24:.3f}"} for hour in range(0, 25, 3)]
_DAY_MINUTES = 24 * 60


def _percent(minutes: float) -> str:
    # A string, so that a localized decimal comma never reaches the CSS.
    return f"{max(0.0, min(minutes, _DAY_MINUTES)) * 100 / _DAY_MINUTES:.3f}"


def _wall_minutes(local: datetime.datetime, day: datetime.date) -> float:
    """Minutes of the wall clock since the day's midnight (1440 for any reading on a later day)."""
    local = local.replace(tzinfo=None)
    if local.date() > day:
        return _DAY_MINUTES
    return (local - datetime.datetime.combine(day, datetime.time.min)).total_seconds() / 60


def _wall_pieces(interval, changes: list[OffsetChange]) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """An interval as stretches of wall-clock time: cut where the clocks jump, so that each piece reads
    forward (in the repeated autumn hour the wall clock runs backwards)."""
    pieces = []
    start = interval.start.replace(tzinfo=None)
    end = interval.end.replace(tzinfo=None)
    for change in changes:
        if interval.start < change.at < interval.end:
            pieces.append((start, change.local_before))
            start = change.local_after
        elif change.at == interval.end:
            end = change.local_before  # it ended as the clocks jumped: on the clock that was running
    pieces.append((start, end))
    return pieces


def _change_label(change: OffsetChange) -> str:
    values = {
        "before": dateformat.format(change.local_before, "H:i"),
        "after": dateformat.format(change.local_after, "H:i"),
    }
    if change.forward:
        return _("Clocks go forward %(before)s → %(after)s") % values
    return _("Clocks go back %(before)s → %(after)s") % values


def calendar_grid(
    found: Calendar, start: datetime.date, days: int, now: datetime.datetime
) -> list[list[dict]]:
    """Weeks of day columns with open (and holiday- or override-closed) blocks positioned by wall-clock time,
    and the clock changes marked where they happen."""
    today = now.date()
    columns = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        columns.append(
            {
                "date": day,
                "weekend": day.weekday() >= 5,
                "today": day == today,
                "now_top": _percent(_wall_minutes(now, day)) if day == today else None,
                "blocks": [],
                "changes": [],
            }
        )
    for interval in found.intervals:
        if not interval.is_open and interval.rule_kind == RuleKind.CLOSED:
            continue  # outside working hours: the empty background says it
        day = interval.start.date()
        if not 0 <= (day - start).days < days:
            continue  # only when a whole local date does not exist (Samoa skipped 30 December 2011)
        column = columns[(day - start).days]
        ends = "24:00" if interval.end.date() > day else dateformat.format(interval.end, "H:i")
        hours = f"{dateformat.format(interval.start, 'H:i')}–{ends}"
        drawn = 0
        for piece_start, piece_end in _wall_pieces(interval, found.offset_changes):
            top, bottom = _wall_minutes(piece_start, day), _wall_minutes(piece_end, day)
            if bottom <= top:
                continue
            column["blocks"].append(
                {
                    "interval": interval,
                    "kind": str(interval.rule_kind.value),
                    "kind_label": interval.rule_kind.label,
                    "hours": hours,
                    "top": _percent(top),
                    "height": _percent(bottom - top),
                    # Past a clock change the block goes on unlabelled, under the change's own label.
                    "continued": drawn > 0,
                }
            )
            drawn += 1
    for change in found.offset_changes:
        day = change.local_after.date()
        if not 0 <= (day - start).days < days:
            continue
        low, high = sorted((change.local_before, change.local_after))
        columns[(day - start).days]["changes"].append(
            {
                "change": change,
                "label": _change_label(change),
                "top": _percent(_wall_minutes(low, day)),
                "height": _percent(_wall_minutes(high, day) - _wall_minutes(low, day)),
                "forward": change.forward,
            }
        )
    weeks = [columns[index : index + 7] for index in range(0, len(columns), 7)]
    weeks[-1] += [None] * (7 - len(weeks[-1]))  # a short last week keeps the grid's seven columns
    return weeks


class EntryPointCalendarView(MemberMixin, View):
    """The next days of a channel as open and closed blocks, with their reasons and the clock changes."""

    model = EntryPoint
    template_name = "channels/entrypoint_calendar.html"

    def get_queryset(self):
        return with_schedules(super().get_queryset())

    def get(self, request, *args, **kwargs):
        entry_point = self.get_object()
        business_hours = channel_business_hours(entry_point)
        # An emptied field of the form means "the default", not "wrong".
        typed = {name: value for name, value in request.GET.items() if value.strip()}
        query = CalendarRangeForm(typed)
        context = {
            "object": entry_point,
            "business_hours": business_hours,
            "nav": "channels",
            "can_edit": self.can_edit,
            "typed": typed,
            "hours": CALENDAR_HOURS,
        }
        if business_hours is None:
            return render(request, self.template_name, context)
        if not query.is_valid():
            fields = query.fields
            context["range_errors"] = [
                f"{fields[name].label or name}: {message}" if name in fields else message
                for name, messages in query.errors.items()
                for message in messages
            ]
            return render(request, self.template_name, context)

        start, days = calendar_range(entry_point, query.cleaned_data)
        url = reverse("channels:entrypoint-calendar", kwargs={"pk": entry_point.pk})
        tz = zone(entry_point.timezone)
        now = timezone.now().astimezone(tz)
        found = channel_calendar(entry_point, start=start, days=days, split_days=True)
        context.update(
            start=start,
            days=days,
            end=start + datetime.timedelta(days=days - 1),
            found=found,
            status=channel_status(entry_point, now),
            now=now,
            changes=found.offset_changes,
            weeks=calendar_grid(found, start, days, now),
            previous_url=f"{url}?{urlencode({'start': start - datetime.timedelta(days=days), 'days': days})}",
            next_url=f"{url}?{urlencode({'start': start + datetime.timedelta(days=days), 'days': days})}",
            today_url=f"{url}?{urlencode({'days': days})}" if days != DEFAULT_DAYS else url,
        )
        return render(request, self.template_name, context)
