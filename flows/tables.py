"""The Flows list's table (contactcenter.tables)."""

from functools import cached_property

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contactcenter.tables import Column, Table, changed_at, choice_labels, link, muted, object_urls, row_title
from queues.models import Queue

from .choices import FlowKind
from .models import BusinessHours, Flow, HolidayList, OverrideList
from .templatetags.schedules import weekday_span


class FlowTable(Table):
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", labelled=False),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("hours", gettext_lazy("Business hours"), sort="hours"),
        Column("queue", gettext_lazy("Queue"), sort="queue"),
        Column("usage", gettext_lazy("Channels"), sort="usage", css="num"),
        Column("updated", gettext_lazy("Last changed"), sort="updated", css="nowrap"),
    )

    @cached_property
    def urls(self):
        return {"flow": object_urls(Flow), "hours": object_urls(BusinessHours), "queue": object_urls(Queue)}

    @cached_property
    def labels(self):
        kinds = choice_labels(FlowKind.choices)
        return {
            "kinds": {
                kind: format_html(
                    '<span class="badge {}">{}</span>',
                    "badge-amber" if kind == FlowKind.ROUTING_STRATEGY else "badge-blue",
                    label,
                )
                for kind, label in kinds.items()
            },
            "recommended": format_html(
                '<span class="badge badge-green" title="{}">{}</span>',
                _("Follows business hours, holidays and overrides"),
                _("Recommended"),
            ),
            "always_open": muted(_("Always open")),
            "not_used": muted(_("Not used")),
        }

    def render_name(self, flow):
        return row_title(self.urls["flow"](flow.pk), flow.name, flow.description)

    def render_kind(self, flow):
        cell = self.labels["kinds"].get(flow.kind, flow.kind)
        if flow.recommended:
            cell += self.labels["recommended"]
        return cell

    def render_hours(self, flow):
        if flow.business_hours is None:
            return self.labels["always_open"]
        return link(self.urls["hours"](flow.business_hours_id), flow.business_hours.name)

    def render_queue(self, flow):
        if flow.queue is None:
            return muted()
        return link(self.urls["queue"](flow.queue_id), flow.queue.name)

    def render_usage(self, flow):
        if not flow.usage:
            return self.labels["not_used"]
        return ngettext("%(counter)s channel", "%(counter)s channels", flow.usage) % {"counter": flow.usage}

    def render_updated(self, flow):
        return changed_at(flow.updated_at)


class BusinessHoursTable(Table):
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", labelled=False),
        Column("shifts", gettext_lazy("Shifts")),
        Column("holidays", gettext_lazy("Holiday list"), sort="holidays"),
        Column("overrides", gettext_lazy("Override list"), sort="overrides"),
        Column("usage", gettext_lazy("Flows"), sort="usage", css="num"),
    )

    @cached_property
    def urls(self):
        return {
            "hours": object_urls(BusinessHours),
            "holidays": object_urls(HolidayList),
            "overrides": object_urls(OverrideList),
        }

    @cached_property
    def labels(self):
        return {
            "overnight": format_html(
                ' <span class="badge badge-grey" title="{}">{}</span>',
                _("overnight: ends next day"),
                _("overnight"),
            ),
            "no_shifts": format_html('<li class="muted">{}</li>', _("No shifts")),
            "not_used": muted(_("Not used")),
        }

    def render_name(self, schedule):
        return row_title(self.urls["hours"](schedule.pk), schedule.name, schedule.description)

    def render_shifts(self, schedule):
        shifts = [
            format_html(
                '<li><span class="shift-days">{}</span> <span class="mono">{}</span>{}</li>',
                weekday_span(shift.weekdays),
                shift.hours_label,
                self.labels["overnight"] if shift.overnight else "",
            )
            for shift in schedule.shifts.all()
        ]
        # Every item is format_html's.
        items = mark_safe("".join(shifts)) if shifts else self.labels["no_shifts"]  # noqa: S308
        return format_html('<ul class="shift-summary">{}</ul>', items)

    def render_holidays(self, schedule):
        if schedule.holiday_list is None:
            return muted()
        return link(self.urls["holidays"](schedule.holiday_list_id), schedule.holiday_list.name)

    def render_overrides(self, schedule):
        if schedule.override_list is None:
            return muted()
        return link(self.urls["overrides"](schedule.override_list_id), schedule.override_list.name)

    def render_usage(self, schedule):
        if not schedule.usage:
            return self.labels["not_used"]
        return ngettext("%(counter)s flow", "%(counter)s flows", schedule.usage) % {"counter": schedule.usage}
