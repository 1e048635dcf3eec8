"""The Channels list's table (contactcenter.tables), and the Open now state it shares with the channel page."""

from functools import cached_property

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.tables import (
    Column,
    Table,
    active_badge,
    changed_at,
    choice_labels,
    link,
    muted,
    object_urls,
)
from contactcenter.templatetags.console import type_icon, wrap_at_slashes
from flows.models import Flow

from .choices import ChannelType, Direction, SocialChannelType
from .models import EntryPoint

SEPARATOR = '<span class="visually-hidden"> · </span>'


def open_now_texts() -> dict[str, str]:
    """The words of the Open now state in the current language: translated once per page by a list."""
    return {
        "inactive_by_hours": _(
            "The channel is inactive, so it accepts no contacts. By its business hours alone: %(label)s "
            "(local time in %(zone)s)."
        ),
        "inactive_why": _(
            "The channel is inactive, so it accepts no contacts. Activate it to take contacts again."
        ),
        "inactive": _("Inactive — accepts no contacts"),
        "business_hours": _("Business hours: %(label)s"),
        "open_title": _("%(label)s (local time in %(zone)s, the channel’s time zone)"),
        "no_flow": _(
            "The channel has no flow: no business hours decide when it is open, and its contacts are not routed."
        ),
        "strategy": _(
            "The channel is routed by a routing strategy, which has no business hours: working hours, holidays "
            "and overrides never close it."
        ),
        "no_hours": _(
            "The channel’s flow has no business hours: working hours, holidays and overrides never close it."
        ),
        "no_business_hours": _("No business hours"),
        "always_open": _("Always open"),
        "no_flow_short": _("No flow"),
    }


def open_now_state(channel, open_now: dict | None, texts: dict[str, str] | None = None) -> SafeString:
    """The channel's state: inactive first (it accepts no contacts, whatever the hours say), then by its
    business hours (`open_now`, channels.views.open_now), or why nothing closes it."""
    texts = texts or open_now_texts()
    if not channel.active:
        if open_now:
            title = texts["inactive_by_hours"] % {"label": open_now["label"], "zone": channel.timezone}
        else:
            title = texts["inactive_why"]
        state = format_html(
            '<span class="open-now is-inactive" title="{}">{}</span>', title, texts["inactive"]
        )
        if open_now:
            state += format_html(
                '{}<span class="open-now-more">{}</span>',
                SafeString(SEPARATOR),
                texts["business_hours"] % {"label": open_now["label"]},
            )
        return state
    if open_now:
        state = format_html(
            '<span class="open-now {}" title="{}">{}</span>',
            "is-open" if open_now["status"].is_open else "is-closed",
            texts["open_title"] % {"label": open_now["label"], "zone": channel.timezone},
            open_now["head"],
        )
        if open_now["tail"]:
            state += format_html(
                '{}<span class="open-now-more">{}</span>', SafeString(SEPARATOR), open_now["tail"]
            )
        return state
    if not channel.flow:
        why = texts["no_flow"]
    elif channel.flow.is_routing_strategy:
        why = texts["strategy"]
    else:
        why = texts["no_hours"]
    return format_html(
        '<span class="open-now is-unscheduled open-now-none" title="{}">{}</span>{}'
        '<span class="open-now-more">{}</span>',
        why,
        texts["no_business_hours"],
        SafeString(SEPARATOR),
        texts["always_open"] if channel.flow else texts["no_flow_short"],
    )


class EntryPointTable(Table):
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", labelled=False),
        Column("type", gettext_lazy("Channel type"), sort="type", css="type-col"),
        Column("direction", gettext_lazy("Direction"), sort="direction"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column(
            "open_now",
            gettext_lazy("Open now"),
            css="open-now-col",
            title=gettext_lazy(
                "Open or closed now by the business hours of the channel’s flow, in the channel’s time zone"
            ),
            when="show_open_now",
        ),
        Column("flow", gettext_lazy("Routing flow"), sort="flow", css="flow-col"),
        Column("timezone", gettext_lazy("Time zone"), sort="timezone", css="tz-col", cell_title="timezone"),
        Column("numbers", gettext_lazy("Numbers"), sort="numbers", css="num"),
        Column("updated", gettext_lazy("Last change"), sort="updated"),
    )
    select_all_label = gettext_lazy("Choose every channel on this page")
    show_open_now = True

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        return {
            "type": choice_labels(ChannelType.choices),
            "social": choice_labels(SocialChannelType.choices),
            "direction": choice_labels(Direction.choices),
            "active": active_badge(True),
            "inactive": active_badge(False),
            "system": format_html(
                '<span class="badge badge-blue" title="{}">{}</span>',
                _("Created by the system; it cannot be deleted or renamed."),
                _("System"),
            ),
            "strategy": format_html(
                '<span class="badge badge-amber" title="{}">{}</span>',
                _("A legacy routing strategy; flows are recommended."),
                _("Strategy"),
            ),
            "no_numbers": format_html(
                '<span class="muted" title="{}">—</span>', _("Only inbound telephony channels hold numbers.")
            ),
            "hours_title": _("Business hours"),
            "hours": _("Hours: %(hours)s"),
            "choose": _("Choose %(name)s"),
            "open_now": open_now_texts(),
        }

    def select_label(self, channel) -> str:
        return self.labels["choose"] % {"name": channel.name}

    @cached_property
    def channel_url(self):
        return object_urls(EntryPoint)

    @cached_property
    def flow_url(self):
        return object_urls(Flow)

    def render_name(self, channel):
        title = format_html(
            '<a class="row-title" href="{}">{}</a>', self.channel_url(channel.pk), channel.name
        )
        if channel.is_system:
            title += self.labels["system"]
        if channel.description:
            title += format_html(
                '<div class="row-sub" title="{}">{}</div>', channel.description, channel.description
            )
        return title

    def render_type(self, channel):
        cell = format_html(
            '<span class="type-cell">{}{}</span>',
            type_icon(channel.channel_type),
            self.labels["type"].get(channel.channel_type, channel.channel_type),
        )
        if channel.social_channel_type:
            cell += format_html(
                '<div class="row-sub">{}</div>',
                self.labels["social"].get(channel.social_channel_type, channel.social_channel_type),
            )
        return cell

    def render_direction(self, channel):
        return self.labels["direction"][channel.direction]

    def render_status(self, channel):
        return self.labels["active" if channel.active else "inactive"]

    @cached_property
    def drawn(self) -> dict:
        """Cells drawn on this page, by what they show: channels that share a flow, or a schedule and a zone
        (a page of channels often does), share the cell."""
        return {}

    def render_open_now(self, channel):
        open_now, flow = channel.open_now, channel.flow
        key = (
            "open_now",
            id(open_now) if open_now else None,  # one dict per shared Status (EntryPointListView)
            channel.active,
            channel.timezone,
            None if flow is None else flow.is_routing_strategy,
        )
        if key not in self.drawn:
            self.drawn[key] = open_now_state(channel, open_now, self.labels["open_now"])
        return self.drawn[key]

    def render_flow(self, channel):
        key = ("flow", channel.flow_id)
        if key not in self.drawn:
            self.drawn[key] = self.flow_cell(channel.flow)
        return self.drawn[key]

    def flow_cell(self, flow):
        if flow is None:
            return muted()
        cell = link(self.flow_url(flow.pk), flow.name)
        if flow.is_routing_strategy:
            cell += self.labels["strategy"]
        elif flow.business_hours:
            cell += format_html(
                '<div class="row-sub" title="{}">{}</div>',
                self.labels["hours_title"],
                self.labels["hours"] % {"hours": flow.business_hours.name},
            )
        return cell

    def render_timezone(self, channel):
        return wrap_at_slashes(channel.timezone)

    def render_numbers(self, channel):
        if channel.may_hold_numbers:
            return str(channel.support_number_count)
        return self.labels["no_numbers"]

    def render_updated(self, channel):
        return changed_at(channel.updated_at)
