from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contactcenter.api.serializers import ServiceModelSerializer
from contactcenter.services import check_version
from support_numbers.models import SupportNumber
from support_numbers.services import (
    support_number_assign,
    support_number_create,
    support_number_release,
    support_number_update,
)


class SupportNumberSerializer(ServiceModelSerializer):
    international = serializers.CharField(source="info.international", read_only=True)
    country_code = serializers.CharField(source="info.country_code", read_only=True)
    country = serializers.CharField(source="info.country", read_only=True)
    number_type = serializers.CharField(
        source="info.number_type", read_only=True, help_text=_("Toll-free, fixed line, mobile, …")
    )

    class Meta:
        model = SupportNumber
        fields = [
            "id",
            "number",
            "international",
            "country_code",
            "country",
            "number_type",
            "description",
            "entry_point",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "created_at", "updated_at"]
        extra_kwargs = {
            "number": {
                "help_text": _(
                    "In international form, as written (+45 33 12 34 56 or 0045 33123456); stored and "
                    "shown in E.164 (+4533123456)."
                )
            },
            "entry_point": {
                "help_text": _(
                    "The channel the number is assigned to: an inbound telephony channel or the system "
                    "channel; null releases it."
                )
            },
        }

    def get_fields(self):
        fields = super().get_fields()
        # Written forms with spaces may be longer than the stored E.164 value.
        fields["number"].max_length = None
        fields["number"].validators = [
            v for v in fields["number"].validators if getattr(v, "limit_value", None) is None
        ]
        return fields

    def create(self, validated_data):
        entry_point = validated_data.pop("entry_point", None)
        number = support_number_create(**validated_data)
        if entry_point is not None:
            number = support_number_assign(support_number=number, entry_point=entry_point)
        return number

    def update(self, instance, validated_data):
        version = validated_data.pop("version", None)
        assign = "entry_point" in validated_data
        entry_point = validated_data.pop("entry_point", None)
        if validated_data:
            instance = support_number_update(support_number=instance, version=version, **validated_data)
        else:
            check_version(instance, version)
        if assign and entry_point is None and instance.entry_point_id is not None:
            instance = support_number_release(support_number=instance)
        elif assign and entry_point is not None and entry_point.pk != instance.entry_point_id:
            instance = support_number_assign(support_number=instance, entry_point=entry_point)
        return instance
