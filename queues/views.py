from django.db.models import F, QuerySet

from contactcenter.selectors import related_count
from contactcenter.views import ObjectDeleteView, ObjectEditView, ObjectListView, posted_version

from .filtersets import QueueConsoleFilterSet
from .forms import QueueForm
from .models import Queue
from .services import queue_create, queue_delete, queue_update
from .tables import QueueTable


class QueueListView(ObjectListView):
    model = Queue
    template_name = "queues/queue_list.html"
    search_fields = ("name", "description")
    sort_fields = {
        "name": "name",
        "type": "queue_type",
        "channel": "channel_type",
        "routing": "routing_type",
        "sl": "service_level_threshold",
        "max": "max_time_in_queue",
        "usage": "usage",
        "updated": "updated_at",
    }
    filterset_class = QueueConsoleFilterSet
    table_class = QueueTable

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .select_related("music_in_queue")
            .annotate(
                flow_count=related_count(Queue, "flows"),
                channel_count=related_count(Queue, "outdial_entry_points"),
            )
            .annotate(usage=F("flow_count") + F("channel_count"))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "queues"}


class QueueEditView(ObjectEditView):
    model = Queue
    form_class = QueueForm
    template_name = "queues/queue_form.html"
    list_url_name = "queues:queue-list"
    partial_targets = ("type-fields",)
    create_service = staticmethod(queue_create)
    update_service = staticmethod(queue_update)

    def get_queryset(self):
        # The music picker shows the current file as chosen without reading it again.
        return super().get_queryset().select_related("music_in_queue")

    def page_context(self, obj, form) -> dict:
        return {"nav": "queues"}


class QueueDeleteView(ObjectDeleteView):
    model = Queue
    list_url_name = "queues:queue-list"

    def delete(self, obj: Queue, request) -> None:
        queue_delete(queue=obj, version=posted_version(request))
