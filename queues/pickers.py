"""What the console's pickers offer of this app: queues (`outbound=1`: outbound telephony queues only)."""

from django.utils.translation import gettext_lazy

from contactcenter.choices import ChannelKind
from contactcenter.pickers import Option, Picker, register

from .choices import QueueType
from .models import Queue


@register
class QueuePicker(Picker):
    key = "queues"
    model = Queue
    params = ("outbound",)
    fields = ("name", "queue_type", "channel_type")
    noun_plural = gettext_lazy("queues")

    def __init__(self):
        # A picker lives for one request (one language): "Outbound · Telephony" is translated once, not
        # once per option.
        self.details: dict[tuple[str, str], str] = {}

    def option(self, queue: Queue) -> Option:
        kinds = (queue.queue_type, queue.channel_type)
        if kinds not in self.details:
            self.details[kinds] = f"{queue.get_queue_type_display()} · {queue.get_channel_type_display()}"
        return Option(str(queue.pk), queue.name, detail=self.details[kinds])

    def candidates(self, organization, params):
        queryset = self.base(organization)
        if params.get("outbound"):
            queryset = queryset.filter(queue_type=QueueType.OUTBOUND, channel_type=ChannelKind.TELEPHONY)
        return queryset
