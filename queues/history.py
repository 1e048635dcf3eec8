"""The audit trail of queues (see audit.registry)."""

from audit.registry import Tracked, register
from audit.restore import service_fields

from .models import Queue
from .services import queue_create, queue_update

FIELDS = (
    "name",
    "description",
    "queue_type",
    "channel_type",
    "service_level_threshold",
    "max_time_in_queue",
    "routing_type",
    "music_in_queue",
    "active",
)


def restore(queue, state, organization, tracked):
    fields = service_fields(tracked, state, organization, FIELDS)
    if queue is None:
        return queue_create(organization=organization, **fields)
    return queue_update(queue=queue, version=None, **fields)


register(Tracked(Queue, "queue", FIELDS, restore=restore, console_prefix="queues", api_resource="queues"))
