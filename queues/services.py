from contactcenter.models import Organization
from contactcenter.services import object_create, object_delete, object_update

from .models import Queue


def queue_create(*, organization: Organization, **fields) -> Queue:
    return object_create(Queue, organization=organization, **fields)


def queue_update(*, queue: Queue, version: int | None, **fields) -> Queue:
    return object_update(queue, version=version, **fields)


def queue_delete(*, queue: Queue, version: int | None = None) -> None:
    """Delete a queue that no flow or channel uses."""
    object_delete(queue, version=version)
