from django.contrib import admin

from contactcenter.admin import VersionedAdmin

from .models import Queue
from .services import queue_create, queue_delete, queue_update


@admin.register(Queue)
class QueueAdmin(VersionedAdmin):
    list_display = (
        "name",
        "organization",
        "queue_type",
        "channel_type",
        "routing_type",
        "service_level_threshold",
        "max_time_in_queue",
        "active",
    )
    list_filter = ("organization", "queue_type", "channel_type", "routing_type", "active")
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "music_in_queue")
    create_service = staticmethod(queue_create)
    update_service = staticmethod(queue_update)
    delete_service = staticmethod(queue_delete)
