import django_filters

from contactcenter.api.filters import StrictBooleanFilter
from contactcenter.api.viewsets import OrganizationModelViewSet
from contactcenter.choices import ChannelKind
from queues.choices import QueueType, RoutingType
from queues.models import Queue
from queues.services import queue_delete

from .serializers import QueueSerializer


class QueueFilter(django_filters.FilterSet):
    queue_type = django_filters.ChoiceFilter(choices=QueueType.choices)
    channel_type = django_filters.ChoiceFilter(choices=ChannelKind.choices)
    routing_type = django_filters.ChoiceFilter(choices=RoutingType.choices)
    active = StrictBooleanFilter()
    music_in_queue = django_filters.UUIDFilter()

    class Meta:
        model = Queue
        fields = ["queue_type", "channel_type", "routing_type", "active", "music_in_queue"]


class QueueViewSet(OrganizationModelViewSet):
    """Queues: where contacts wait for an agent."""

    queryset = Queue.objects.all()
    serializer_class = QueueSerializer
    filterset_class = QueueFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "queue_type", "channel_type", "created_at", "updated_at"]
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        queue_delete(queue=instance, version=version)
