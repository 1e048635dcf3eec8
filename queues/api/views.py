from contactcenter.api.viewsets import OrganizationModelViewSet
from queues.filtersets import QueueFilterSet
from queues.models import Queue
from queues.services import queue_delete

from .serializers import QueueSerializer


class QueueViewSet(OrganizationModelViewSet):
    """Queues: where contacts wait for an agent."""

    queryset = Queue.objects.all()
    serializer_class = QueueSerializer
    filterset_class = QueueFilterSet
    search_fields = ["name", "description"]
    ordering_fields = ["name", "queue_type", "channel_type", "created_at", "updated_at"]
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        queue_delete(queue=instance, version=version)
