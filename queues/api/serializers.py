from contactcenter.api.serializers import ServiceModelSerializer
from contactcenter.choices import MAX_SECONDS
from queues.models import Queue
from queues.services import queue_create, queue_update

SECONDS = {"min_value": 1, "max_value": max(MAX_SECONDS.values())}


class QueueSerializer(ServiceModelSerializer):
    class Meta:
        model = Queue
        fields = [
            "id",
            "name",
            "description",
            "queue_type",
            "channel_type",
            "service_level_threshold",
            "max_time_in_queue",
            "routing_type",
            "music_in_queue",
            "active",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "created_at", "updated_at"]
        extra_kwargs = {"service_level_threshold": SECONDS, "max_time_in_queue": SECONDS}

    def create(self, validated_data):
        return queue_create(**validated_data)

    def update(self, instance, validated_data):
        return queue_update(queue=instance, **validated_data)
