from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from contactcenter.api.bulk import IdListField
from contactcenter.api.exceptions import field_errors
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


NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


class RowListSerializer(serializers.ListSerializer):
    """Nested rows (shifts, holidays, overrides), whose errors come back in DRF's shape for a nested list.

    Under the list's name: the errors of each row keyed by its index in the array sent (`"1":
    {"end_minute": [...]}`, `non_field_errors` for the row as a whole), and `non_field_errors` for
    the set (too many rows, not a list, no shift). A row that does not parse and a rule of the
    services (``rows_errors``) read the same, so a client finds every row error in one place.
    Too many rows are refused with the services' message before any row is parsed.
    """

    def run_validation(self, data=empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, list):  # "This field may not be null."
                raise serializers.ValidationError({NON_FIELD: error.detail}) from None
            raise

    def to_internal_value(self, data):
        if isinstance(data, list):
            # The services' limit, judged on the length before a single row is parsed.
            too_many = row_count_check(self.child.Meta.model, len(data))
            if too_many:
                raise serializers.ValidationError(
                    {NON_FIELD: [message for error in too_many for message in error.messages]}
                )
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail
            if not (isinstance(detail, dict) and all(isinstance(key, int) for key in detail)):
                raise  # "Expected a list of items": already {"non_field_errors": [...]}
            # DRF's dict keyed by index (LIST_SERIALIZER_ERRORS_AS_DICT), each row's field errors flat.
            raise serializers.ValidationError(
                {
                    index: {field: _messages(messages) for field, messages in row.items()}
                    if isinstance(row, dict)
                    else {NON_FIELD: _messages(row)}  # a row that is null
                    for index, row in detail.items()
                }
            ) from None


class RowSerializer(ServiceModelSerializer):
    class Meta:
        list_serializer_class = RowListSerializer


@extend_schema_field({"type": "string", "enum": Weekday.values})
class WeekdayField(StrictCharField):
    def __init__(self, **kwargs):
        # The model's validator names an unknown or empty weekday.
        super().__init__(allow_blank=True, **kwargs)


class WeekdaysField(IdListField):
    """The weekdays of a shift; a bad item is named in a flat message ("Item 2: …")."""


class ShiftSerializer(RowSerializer):
    weekdays = WeekdaysField(
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


class RowsParentSerializer(ServiceModelSerializer):
    """A schedule or list saved with its rows by its service: the service's errors about the rows are
    answered per row, like the rows that do not parse (RowListSerializer)."""

    rows_field: str

    def save(self, **kwargs):
        try:
            return super().save(**kwargs)
        except DjangoValidationError as error:
            if not hasattr(error, "error_dict") or self.rows_field not in error.error_dict:
                raise
            raise serializers.ValidationError(field_errors(error, rows_fields={self.rows_field})) from None


class BusinessHoursSerializer(RowsParentSerializer):
    """A schedule saved with its whole set of shifts; a body with `shifts` replaces them all."""

    shifts = ShiftSerializer(
        many=True,
        required=False,
        help_text=_(
            "The whole set of shifts, kept in the order given (the order they are shown in); a change "
            "replaces them all. Shifts must not overlap: an overlap is reported in both shifts' rows."
        ),
    )

    rows_field = "shifts"

    class Meta:
        model = BusinessHours
        fields = ["id", "name", "description", "holiday_list", "override_list", "shifts", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return business_hours_create(**_rows(validated_data, "shifts", missing=[]))

    def update(self, instance, validated_data):
        return business_hours_update(business_hours=instance, **_rows(validated_data, "shifts"))


class HolidayListSerializer(RowsParentSerializer):
    """A holiday list saved with its whole set of holidays; a body with `holidays` replaces them all."""

    holidays = HolidaySerializer(
        many=True, required=False, help_text=_("The whole set of holidays; a change replaces them all.")
    )

    rows_field = "holidays"

    class Meta:
        model = HolidayList
        fields = ["id", "name", "description", "holidays", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return holiday_list_create(**_rows(validated_data, "holidays", missing=[]))

    def update(self, instance, validated_data):
        return holiday_list_update(holiday_list=instance, **_rows(validated_data, "holidays"))


class OverrideListSerializer(RowsParentSerializer):
    """An override list saved with its whole set of overrides; a body with `overrides` replaces them all."""

    overrides = OverrideSerializer(
        many=True, required=False, help_text=_("The whole set of overrides; a change replaces them all.")
    )

    rows_field = "overrides"

    class Meta:
        model = OverrideList
        fields = ["id", "name", "description", "overrides", *OBJECT_FIELDS]
        read_only_fields = READ_ONLY

    def create(self, validated_data):
        return override_list_create(**_rows(validated_data, "overrides", missing=[]))

    def update(self, instance, validated_data):
        return override_list_update(override_list=instance, **_rows(validated_data, "overrides"))
