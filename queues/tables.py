"""The Queues list's table (contactcenter.tables)."""

from functools import cached_property

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audio.models import AudioFile
from contactcenter.choices import ChannelKind
from contactcenter.tables import (
    Column,
    Table,
    active_badge,
    choice_labels,
    link,
    muted,
    object_urls,
    row_title,
)
from contactcenter.templatetags.console import duration

from .choices import QueueType, RoutingType
from .models import Queue


class QueueTable(Table):
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", labelled=False),
        Column("type", gettext_lazy("Type"), sort="type", css="nowrap"),
        Column("routing", gettext_lazy("Routing"), sort="routing"),
        Column("sl", gettext_lazy("Service level"), sort="sl", css="num"),
        Column("max", gettext_lazy("Max. wait"), sort="max", css="num"),
        Column("music", gettext_lazy("Music")),
        Column("usage", gettext_lazy("Used by"), sort="usage", css="num"),
        Column("status", gettext_lazy("Status")),
    )

    @cached_property
    def urls(self):
        return {"queue": object_urls(Queue), "audio": object_urls(AudioFile)}

    @cached_property
    def labels(self):
        return {
            "types": {
                value: format_html(
                    '<span class="badge {}">{}</span>',
                    "badge-amber" if value == QueueType.OUTBOUND else "badge-blue",
                    label,
                )
                for value, label in choice_labels(QueueType.choices).items()
            },
            "channels": choice_labels(ChannelKind.choices),
            "routing": choice_labels(RoutingType.choices),
            "not_used": muted(_("Not used")),
            "active": active_badge(True),
            "inactive": active_badge(False),
        }

    def render_name(self, queue):
        return row_title(self.urls["queue"](queue.pk), queue.name, queue.description)

    def render_type(self, queue):
        return format_html(
            "{} {}",
            self.labels["types"].get(queue.queue_type, queue.queue_type),
            self.labels["channels"].get(queue.channel_type, queue.channel_type),
        )

    def render_routing(self, queue):
        return self.labels["routing"].get(queue.routing_type, queue.routing_type)

    def render_sl(self, queue):
        return duration(queue.service_level_threshold)

    def render_max(self, queue):
        return duration(queue.max_time_in_queue)

    def render_music(self, queue):
        if queue.music_in_queue is None:
            return muted()
        return link(self.urls["audio"](queue.music_in_queue_id), queue.music_in_queue.name)

    def render_usage(self, queue):
        if not queue.usage:
            return self.labels["not_used"]
        return format_html(
            '<span title="{}">{}</span>',
            _("%(flows)s flows, %(channels)s channels")
            % {"flows": queue.flow_count, "channels": queue.channel_count},
            queue.usage,
        )

    def render_status(self, queue):
        return self.labels["active" if queue.active else "inactive"]
