"""The Flows list's table (contactcenter.tables)."""

from functools import cached_property

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contactcenter.tables import Column, Table, changed_at, choice_labels, link, muted, object_urls, row_title
from queues.models import Queue

from .choices import FlowKind
from .models import BusinessHours, Flow


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
