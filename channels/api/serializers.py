from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from channels.choices import Direction
from channels.models import SERVICE_LEVEL_SECONDS, EntryPoint
from channels.services import (
    entry_point_activate,
    entry_point_create,
    entry_point_deactivate,
    entry_point_update,
)
from contactcenter.api.serializers import OrganizationRelatedField, ServiceModelSerializer
from contactcenter.services import check_version
from support_numbers.models import SupportNumber


class EntryPointSerializer(ServiceModelSerializer):
    direction = serializers.ChoiceField(
        choices=Direction.choices,
        read_only=True,
        help_text=_("outbound for outbound_telephony, else inbound."),
    )
    support_numbers = OrganizationRelatedField(
        many=True,
        required=False,
        queryset=SupportNumber.objects.all(),
        help_text=_(
            "Ids of the support numbers assigned to the channel (inbound telephony and the system channel "
            "only). Writing the list assigns and releases numbers to match it."
        ),
    )

    class Meta:
        model = EntryPoint
        fields = [
            "id",
            "name",
            "description",
            "channel_type",
            "direction",
            "social_channel_type",
            "timezone",
            "service_level_threshold",
            "flow",
            "music_on_hold",
            "outdial_queue",
            "support_numbers",
            "active",
            "is_system",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_system", "version", "created_at", "updated_at"]
        extra_kwargs = {
            "service_level_threshold": {"min_value": 1, "max_value": SERVICE_LEVEL_SECONDS.largest},
            "timezone": {
                "required": False,
                "help_text": _("IANA time zone; defaults to the organization's."),
            },
            "channel_type": {"help_text": _("Cannot be changed after creation.")},
            "active": {
                "help_text": _("New channels are active; set false to deactivate (required before deleting).")
            },
        }

    def create(self, validated_data):
        validated_data.pop("version", None)
        active = validated_data.pop("active", True)
        numbers = validated_data.pop("support_numbers", ())
        entry_point = entry_point_create(support_numbers=numbers, **validated_data)
        if not active:
            entry_point = entry_point_deactivate(entry_point=entry_point)
        return entry_point

    def update(self, instance, validated_data):
        version = validated_data.pop("version", None)
        active = validated_data.pop("active", None)
        numbers = validated_data.pop("support_numbers", None)
        if validated_data or numbers is not None:
            instance = entry_point_update(
                entry_point=instance, version=version, support_numbers=numbers, **validated_data
            )
            version = None  # checked by the update; the deactivation below applies to its result
        if active is True:
            instance = entry_point_activate(entry_point=instance, version=version)
        elif active is False:
            instance = entry_point_deactivate(entry_point=instance, version=version)
        elif version is not None:
            # Nothing to change, but a stale version is still refused.
            check_version(instance, version)
        return instance
