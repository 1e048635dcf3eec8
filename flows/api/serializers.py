from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contactcenter.api.serializers import ServiceModelSerializer, StrictCharField
from flows.choices import Weekday
from flows.models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift
from flows.services import (
    business_hours_create,
    business_hours_update,
    flow_create,
    flow_update,
    holiday_list_create,
    holiday_list_update,
    override_list_create,
    override_list_update,
    row_count_check,
)

OBJECT_FIELDS = ["version", "created_at", "updated_at"]
READ_ONLY = ["id", "version", "created_at", "updated_at"]


class FlowSerializer(ServiceModelSerializer):
    recommended = serializers.BooleanField(
        read_only=True,
        help_text=_("The flow has a Business Hours activity, so channels using it follow working hours."),
    )

    class Meta:
        model = Flow
        fields = [
            "id",
            "name",
            "description",
            "kind",
            "business_hours",
            "queue",
            "recommended",
            *OBJECT_FIELDS,
        ]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return flow_create(**validated_data)

    def update(self, instance, validated_data):
        return flow_update(flow=instance, **validated_data)


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


class RowListSerializer(serializers.ListSerializer):
    """Nested rows (shifts, holidays, overrides) whose parse errors read like the service's row errors.

    The schedule and list services name the row in each message ("Shift “Early”: end: …"); a row that
    already fails to parse (a text where a number belongs) is reported the same way, so a
    client gets one flat list of messages under `shifts` whatever went wrong. Too many rows are
    refused with the services' message before any row is parsed.
    """

    def to_internal_value(self, data):
        if isinstance(data, list):
            # The services' limit, judged on the length before a single row is parsed.
            too_many = row_count_check(self.child.Meta.model, len(data))
            if too_many:
                raise serializers.ValidationError(
                    [message for error in too_many for message in error.messages]
                )
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail
            # Row errors come keyed by row index (DRF's LIST_SERIALIZER_ERRORS_AS_DICT).
            by_row = (
                isinstance(data, list)
                and isinstance(detail, dict)
                and all(isinstance(k, int) for k in detail)
            )
            if not by_row:
                # "Expected a list of items": one flat message, like every other error under the list.
                raise serializers.ValidationError(_flatten(detail)) from None
            model = self.child.Meta.model
            label = capfirst(model._meta.verbose_name)
            messages = []
            for position, row in enumerate(data, start=1):
                row_errors = detail.get(position - 1)
                if not row_errors:
                    continue
                name = row.get("name") if isinstance(row, dict) and isinstance(row.get("name"), str) else ""
                name = name.strip() or gettext("row %(n)d") % {"n": position}
                items = (
                    row_errors.items() if isinstance(row_errors, dict) else [("non_field_errors", row_errors)]
                )
                for field, field_errors in items:
                    try:
                        field_label = f"{model._meta.get_field(field).verbose_name}: "
                    except FieldDoesNotExist:  # non_field_errors
                        field_label = ""
                    for message in _flatten(field_errors):
                        messages.append(f"{label} “{name}”: {field_label}{message}")
            raise serializers.ValidationError(messages) from None


class RowSerializer(ServiceModelSerializer):
    class Meta:
        list_serializer_class = RowListSerializer


@extend_schema_field({"type": "string", "enum": Weekday.values})
class WeekdayField(StrictCharField):
    def __init__(self, **kwargs):
        # The model's validator names an unknown or empty weekday.
        super().__init__(allow_blank=True, **kwargs)


class ShiftSerializer(RowSerializer):
    weekdays = serializers.ListField(
        child=WeekdayField(), help_text=_("Days the shift starts on: mon, tue, wed, thu, fri, sat, sun.")
    )

    class Meta(RowSerializer.Meta):
        model = Shift
        fields = ["id", "name", "weekdays", "start_minute", "end_minute"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "start_minute": {"min_value": 0, "max_value": 1439},
            "end_minute": {"min_value": 0, "max_value": 1439},
        }


class HolidaySerializer(RowSerializer):
    class Meta(RowSerializer.Meta):
        model = Holiday
        fields = ["id", "name", "start_date", "end_date", "repeats_yearly"]
        read_only_fields = ["id"]


@extend_schema_field(
    {
        "type": "string",
        "description": "Local wall-clock date and time without time zone, e.g. 2025-12-24T12:00.",
        "example": "2025-12-24T12:00:00",
    }
)
class LocalDateTimeField(serializers.Field):
    """A naive local date-time, parsed by the model field itself (so its error message is the model's)."""

    def __init__(self, *, model_field, **kwargs):
        self.model_field = model_field
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # Anything but a string gets the model's "Enter a valid date and time" too.
        return self.model_field.to_python(data if isinstance(data, str) else "")

    def to_representation(self, value):
        return value.isoformat() if value else None


class OverrideSerializer(RowSerializer):
    start = LocalDateTimeField(model_field=Override._meta.get_field("start"), label=_("start (local time)"))
    end = LocalDateTimeField(model_field=Override._meta.get_field("end"), label=_("end (local time)"))

    class Meta(RowSerializer.Meta):
        model = Override
        fields = ["id", "name", "start", "end", "state"]
        read_only_fields = ["id"]


def _rows(validated_data: dict, field: str, missing: list | None = None) -> dict:
    """`validated_data` as service keyword arguments, the nested rows as plain dicts."""
    rows = validated_data.pop(field, missing)
    return {**validated_data, field: None if rows is None else [dict(row) for row in rows]}


class BusinessHoursSerializer(ServiceModelSerializer):
    """A schedule saved with its whole set of shifts; a body with `shifts` replaces them all."""

    shifts = ShiftSerializer(
        many=True,
        required=False,
        help_text=_("The whole set of shifts; a change replaces them all. Shifts must not overlap."),
    )

    class Meta:
        model = BusinessHours
        fields = ["id", "name", "description", "holiday_list", "override_list", "shifts", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return business_hours_create(**_rows(validated_data, "shifts", missing=[]))

    def update(self, instance, validated_data):
        return business_hours_update(business_hours=instance, **_rows(validated_data, "shifts"))


class HolidayListSerializer(ServiceModelSerializer):
    """A holiday list saved with its whole set of holidays; a body with `holidays` replaces them all."""

    holidays = HolidaySerializer(
        many=True, required=False, help_text=_("The whole set of holidays; a change replaces them all.")
    )

    class Meta:
        model = HolidayList
        fields = ["id", "name", "description", "holidays", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return holiday_list_create(**_rows(validated_data, "holidays", missing=[]))

    def update(self, instance, validated_data):
        return holiday_list_update(holiday_list=instance, **_rows(validated_data, "holidays"))


class OverrideListSerializer(ServiceModelSerializer):
    """An override list saved with its whole set of overrides; a body with `overrides` replaces them all."""

    overrides = OverrideSerializer(
        many=True, required=False, help_text=_("The whole set of overrides; a change replaces them all.")
    )

    class Meta:
        model = OverrideList
        fields = ["id", "name", "description", "overrides", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return override_list_create(**_rows(validated_data, "overrides", missing=[]))

    def update(self, instance, validated_data):
        return override_list_update(override_list=instance, **_rows(validated_data, "overrides"))
