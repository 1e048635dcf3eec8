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
    noun_plural = gettext_lazy("queues")

    def option(self, queue: Queue) -> Option:
        detail = f"{queue.get_queue_type_display()} · {queue.get_channel_type_display()}"
        return Option(str(queue.pk), queue.name, detail=detail)

    def candidates(self, organization, params):
        queryset = self.base(organization)
        if params.get("outbound"):
            queryset = queryset.filter(queue_type=QueueType.OUTBOUND, channel_type=ChannelKind.TELEPHONY)
        return queryset
