"""A serializer's output for a model instance, planned once instead of once per field and row.

DRF's `Serializer.to_representation` walks `_readable_fields` (a generator over a MutableMapping's values),
asks each field's `get_attribute()` (a loop over `source_attrs`, a callable check, a None check through
`PKOnlyObject`) and then its `to_representation()`: for a page of 50 channels, 850 rounds of that machinery,
a third of the API list's time. Here the serializer's fields are looked at once and each becomes a step: how
to read the value from the instance, and how to turn a value that is not None into its primitive. Only the
cases whose result is known to be DRF's are shortened (a model column read through Django's descriptor, a
foreign key's id, the ids of a prefetched set, DRF's own field classes' `to_representation`); any other
field keeps DRF's own steps.

A plan made only of such steps reads nothing from the request or the serializer's context, so it is kept
per serializer class (and the time zone its datetimes are shown in): a list then does not even build its
serializer's fields (ModelSerializer's introspection of the model, every request). A plan with another
step belongs to its serializer instance. tests/api/test_representation.py compares both with DRF's output.
"""

import datetime
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings

Reader = Callable[[Any], Any]
Converter = Callable[[Any], Any]
Plan = tuple[tuple[str, Reader, Converter], ...]


def _overrides(field: serializers.Field, base: type, name: str) -> bool:
    """Whether the field's class replaces `base`'s method `name` (then only DRF's own steps are safe)."""
    return getattr(type(field), name) is not getattr(base, name)


def _column(model: type[models.Model], name: str) -> models.Field | None:
    """The concrete model field `name`, when the instance's attribute is Django's plain descriptor."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Django leaves a class attribute of the same name (a property) in place of its descriptor.
    if not getattr(field, "concrete", False) or not isinstance(
        getattr(model, field.attname, None), DeferredAttribute
    ):
        return None
    return field


def _datetime_converter(field: serializers.DateTimeField, zone: datetime.tzinfo | None) -> Converter | None:
    """DRF's ISO 8601 output of an aware datetime in the current time zone, with the zone read once."""
    if _overrides(field, serializers.DateTimeField, "to_representation") or _overrides(
        field, serializers.DateTimeField, "enforce_timezone"
    ):
        return None
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if not isinstance(output_format, str) or output_format.lower() != ISO_8601 or hasattr(field, "timezone"):
        return None
    if zone is None or field.default_timezone() is not zone:
        return None
    fallback = field.to_representation

    def convert(value):
        if type(value) is not datetime.datetime or value.utcoffset() is None:
            return fallback(value)  # naive, a subclass: DRF's own steps
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return fallback(value)  # DRF's 'overflow' error
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _converter(field: serializers.Field, zone: datetime.tzinfo | None) -> tuple[Converter, bool]:
    """The field's `to_representation` or a shorter equivalent, and whether it needs nothing but the value
    (DRF's plain classes; any other may read the request, e.g. a file's absolute URL)."""
    own = field.to_representation
    if isinstance(field, serializers.ChoiceField):
        if _overrides(field, serializers.ChoiceField, "to_representation"):
            return own, False
        choices = field.choice_strings_to_values
        # A plain string is its own str(); an Enum member or another type takes DRF's steps.
        return (lambda value: choices.get(value, value) if type(value) is str else own(value)), True
    if isinstance(field, serializers.DateTimeField):
        convert = _datetime_converter(field, zone)
        return (convert, True) if convert else (own, False)
    if isinstance(field, serializers.BooleanField) and not _overrides(
        field, serializers.BooleanField, "to_representation"
    ):
        return (lambda value: value if type(value) is bool else own(value)), True
    if isinstance(field, serializers.CharField) and not _overrides(
        field, serializers.CharField, "to_representation"
    ):
        return str, True
    if isinstance(field, serializers.IntegerField) and not _overrides(
        field, serializers.IntegerField, "to_representation"
    ):
        return int, True
    if (
        isinstance(field, serializers.UUIDField)
        and not _overrides(field, serializers.UUIDField, "to_representation")
        and field.uuid_format == "hex_verbose"
    ):
        return str, True
    return own, False


def _drf_steps(field: serializers.Field) -> tuple[Reader, Converter, bool]:
    """DRF's own `get_attribute()` and `to_representation()`, with its None check through PKOnlyObject."""
    own = field.to_representation

    def convert(value):
        if isinstance(value, PKOnlyObject) and value.pk is None:
            return None
        return own(value)

    return field.get_attribute, convert, False


def _primary_key_converter(field: relations.RelatedField, zone: datetime.tzinfo | None) -> Converter | None:
    """`PrimaryKeyRelatedField.to_representation` given the related object's primary key, when it needs nothing
    else (its `pk_field` a plain class): None otherwise."""
    if (
        not isinstance(field, relations.PrimaryKeyRelatedField)
        or _overrides(field, relations.PrimaryKeyRelatedField, "to_representation")
        or field.pk_field is None
    ):
        return None
    convert, shareable = _converter(field.pk_field, zone)
    return convert if shareable else None


def _step(
    field: serializers.Field, model: type[models.Model], zone: datetime.tzinfo | None
) -> tuple[Reader, Converter, bool]:
    """How to read one field's value, how to convert it, and whether the step may be shared."""
    source = field.source_attrs
    if isinstance(field, relations.ManyRelatedField):
        convert = _primary_key_converter(field.child_relation, zone)
        if convert is None or _overrides(field, relations.ManyRelatedField, "to_representation"):
            return _drf_steps(field)
        # DRF's get_attribute (`.all()`), or one marked as reading nothing but the instance, may be shared.
        shareable = not _overrides(field, relations.ManyRelatedField, "get_attribute") or getattr(
            field, "reads_only_the_instance", False
        )
        return field.get_attribute, lambda rows: [convert(row.pk) for row in rows], shareable
    if isinstance(field, relations.RelatedField):
        if (
            len(source) != 1
            or _overrides(field, relations.RelatedField, "get_attribute")
            or not field.use_pk_only_optimization()
        ):
            return _drf_steps(field)
        column = _column(model, source[0])
        convert = _primary_key_converter(field, zone)
        if column is None or not (column.many_to_one or column.one_to_one) or convert is None:
            return _drf_steps(field)
        # DRF's PKOnlyObject(instance.serializable_value(name)): the column behind the relation.
        return attrgetter(column.attname), convert, True
    if isinstance(field, serializers.BaseSerializer) or _overrides(field, drf_fields.Field, "get_attribute"):
        return _drf_steps(field)
    convert, shareable = _converter(field, zone)
    column = _column(model, source[0]) if len(source) == 1 else None
    if column is None or column.is_relation:
        # A property or a dotted source: DRF's reading (callables, a missing attribute), which needs no
        # context unless it falls back to a default (which may read it).
        return field.get_attribute, convert, shareable and field.default is drf_fields.empty
    return attrgetter(column.attname), convert, shareable


def representation_plan(
    serializer: serializers.ModelSerializer, zone: datetime.tzinfo | None
) -> tuple[Plan, bool]:
    """(name, reader, converter) of each readable field in the serializer's order, and whether the plan
    reads nothing but the instance (so it holds for every instance of the serializer's class)."""
    model = serializer.Meta.model
    plan, shareable = [], True
    for field in serializer._readable_fields:
        reader, converter, alone = _step(field, model, zone)
        plan.append((field.field_name, reader, converter))
        shareable = shareable and alone
    return tuple(plan), shareable


def represent(plan: Plan, instance: models.Model) -> dict:
    """`Serializer.to_representation(instance)` following the plan."""
    result = {}
    for name, read, convert in plan:
        try:
            value = read(instance)
        except serializers.SkipField:
            continue
        result[name] = None if value is None else convert(value)
    return result
