"""Serializer machinery shared by every resource: serializers parse, models and services decide.

A ModelSerializer copies the model's rules into the API layer (max_length, unique and
unique-together validators, "may not be blank"), each with DRF's own wording. Here those copies
are removed, so that `full_clean()` inside the services produces the one message the console
shows too. What stays is type parsing ("A valid integer is required.") and the guards that keep
junk away from the database (null and surrogate characters).
"""

import datetime
import re
from collections.abc import Iterable, Mapping

from django.core import validators as django_validators
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import ProhibitSurrogateCharactersValidator, SkipField, empty
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject

from contactcenter.models import Organization
from contactcenter.services import model_verdict

from .representation import Plan, represent, representation_plan


class DocumentedOnly:
    """A length or range validator kept for the OpenAPI schema only; the model enforces the rule."""

    def __call__(self, value):
        return None


class DocumentedMaxLength(DocumentedOnly, django_validators.MaxLengthValidator):
    pass


class DocumentedMinLength(DocumentedOnly, django_validators.MinLengthValidator):
    pass


class DocumentedMaxValue(DocumentedOnly, django_validators.MaxValueValidator):
    pass


class DocumentedMinValue(DocumentedOnly, django_validators.MinValueValidator):
    pass


_DOCUMENTED = {
    django_validators.MaxLengthValidator: DocumentedMaxLength,
    django_validators.MinLengthValidator: DocumentedMinLength,
    django_validators.MaxValueValidator: DocumentedMaxValue,
    django_validators.MinValueValidator: DocumentedMinValue,
}
# Guards against values the database cannot store at all; they are type checks, not rules.
_KEPT = (django_validators.ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)


def parsing_only(field: serializers.Field) -> serializers.Field:
    """Strip the rule validators DRF derived from the model, keeping their limits in the schema."""
    kept = []
    for validator in field.validators:
        if isinstance(validator, (*_KEPT, DocumentedOnly)):
            kept.append(validator)
        elif type(validator) in _DOCUMENTED:
            kept.append(_DOCUMENTED[type(validator)](validator.limit_value))
    field.validators = kept
    if isinstance(field, serializers.CharField):
        field.allow_blank = True  # "This field cannot be blank." comes from the model
    return field


class StrictCharField(serializers.CharField):
    """A JSON string; DRF would also take a number and turn it into one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer; DRF would also take "12" or true."""

    def to_internal_value(self, data):
        if (
            isinstance(data, bool)
            or not isinstance(data, int | float)
            or (isinstance(data, float) and not data.is_integer())
        ):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON boolean; DRF would also take "yes", 1 or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictUUIDField(serializers.UUIDField):
    """A UUID written as text; DRF would also take a number (even `false`, as UUID 0)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """YYYY-MM-DD only; DRF (through Python) would also take 20251224 or 2025-W52-3."""

    _ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

    def to_internal_value(self, value):
        if isinstance(value, str) and not self._ISO.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


#: Where prefetch_ids leaves a row's sets of ids: {relation name: [pk, ...]}.
PREFETCHED_IDS = "_prefetched_ids"


class PrefetchedManyRelatedField(serializers.ManyRelatedField):
    """A list of ids that reads a prefetched set directly: DRF asks `instance.<set>.all()`, which builds a
    related manager for every row of a list (a third of an API list's serializing) to find the same cache."""

    #: get_attribute reads the instance and nothing else (no request, no context): see representation.py.
    reads_only_the_instance = True

    def get_attribute(self, instance):
        if len(self.source_attrs) == 1:
            name = self.source_attrs[0]
            ids = instance.__dict__.get(PREFETCHED_IDS)
            if ids and name in ids:
                # A list read the set's ids only (prefetch_ids): the child relation shows just the pk.
                return [PKOnlyObject(pk) for pk in ids[name]]
            cache = getattr(instance, "_prefetched_objects_cache", None)
            if cache and name in cache:
                return cache[name]
        return super().get_attribute(instance)


def ids_only_set(field: serializers.Field, model: type[models.Model]) -> str | None:
    """The one-to-many set (a reverse foreign key to the primary key) that a readable field shows as its rows'
    primary keys and nothing else: its rows need not be read, their ids are enough (prefetch_ids)."""
    if not isinstance(field, PrefetchedManyRelatedField) or field.write_only or len(field.source_attrs) != 1:
        return None
    child = field.child_relation
    if not isinstance(child, serializers.PrimaryKeyRelatedField) or (
        type(child).to_representation is not serializers.PrimaryKeyRelatedField.to_representation
    ):
        return None
    name = field.source_attrs[0]
    try:
        relation = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not (relation.one_to_many and relation.auto_created and relation.field.target_field.primary_key):
        return None
    return name


def prefetch_ids(rows: list[models.Model], names: Iterable[str]) -> None:
    """For each one-to-many set `name` of the rows, the primary keys of its rows, in one query per set, in the
    order prefetch_related would give them (the related model's default manager): no model instance and
    no related manager per row, which are most of what a prefetch costs when only the ids are shown."""
    if not rows:
        return
    pks = [row.pk for row in rows]
    for name in names:
        relation = type(rows[0])._meta.get_field(name)
        found: dict = {pk: [] for pk in pks}
        related = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": pks})
        for owner, pk in related.values_list(relation.field.attname, "pk"):
            found[owner].append(pk)
        for row in rows:
            row.__dict__.setdefault(PREFETCHED_IDS, {})[name] = found[row.pk]


class OrganizationRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object of the requesting user's organization.

    A missing id and another organization's id get the same answer, the model's own message,
    so nothing reveals that a foreign object exists.
    """

    default_error_messages = {
        "does_not_exist": _("Choose one of your organization's objects."),
        "incorrect_type": _("Incorrect type. Expected an id (UUID), received {data_type}."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("pk_field", serializers.UUIDField())
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's RelatedField.many_init, with the list field that reads a prefetched set directly.
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update((key, value) for key, value in kwargs.items() if key in MANY_RELATION_KWARGS)
        return PrefetchedManyRelatedField(**list_kwargs)

    def get_queryset(self):
        organization = self.context.get("organization")
        queryset = super().get_queryset()
        if organization is None:
            return queryset.none()
        return queryset.filter(organization=organization)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # "Must be a valid UUID." from pk_field reads better as the model's message.
            if any(getattr(detail, "code", None) == "invalid" for detail in error.detail):
                self.fail("does_not_exist")
            raise


class ServiceModelSerializer(serializers.ModelSerializer):
    """Base of every resource serializer: parses input, then hands it to a service.

    Subclasses implement `create(validated_data)` and `update(instance, validated_data)` by
    calling their app's services; `organization` and `version` arrive through `save(**kwargs)`.
    """

    serializer_related_field = OrganizationRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.IntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.BooleanField: StrictBooleanField,
        models.DateField: StrictDateField,
    }

    #: Plans that read nothing but the instance, by (serializer class, time zone); see representation.py.
    _shared_plans: dict = {}

    def to_representation(self, instance):
        model = getattr(self.Meta, "model", None)
        if model is None or not isinstance(instance, model):
            return super().to_representation(instance)
        # The plan's datetimes are shown in the current time zone: another zone, another plan.
        zone = timezone.get_current_timezone()
        planned = self.__dict__.get("_representation_plan")
        if planned is None or planned[0] is not zone:
            planned = self.__dict__["_representation_plan"] = (zone, self._plan(zone))
        return represent(planned[1], instance)

    def _plan(self, zone: datetime.tzinfo) -> Plan:
        # Fields built already may have been changed on this instance: then the plan is its own.
        shared = "fields" not in self.__dict__
        key = (type(self), zone)
        if shared and key in self._shared_plans:
            return self._shared_plans[key]
        plan, shareable = representation_plan(self, zone)
        if shared and shareable:
            self._shared_plans[key] = plan
        return plan

    def get_validators(self):
        # No UniqueTogetherValidator: the model's constraints report name clashes.
        return []

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(self.Meta, "model", None)
        for name, field in fields.items():
            parsing_only(field)
            if isinstance(field, serializers.ChoiceField) and model is not None:
                try:
                    model_field = model._meta.get_field(field.source or name)
                except FieldDoesNotExist:
                    continue
                if isinstance(model_field, models.Field) and model_field.choices:
                    # The model's wording ("Value 'x' is not a valid choice."), in DRF's format syntax.
                    message = str(model_field.error_messages["invalid_choice"])
                    field.error_messages["invalid_choice"] = message.replace(
                        "%(value)r", "{input!r}"
                    ).replace("%(value)s", "{input}")
        return fields

    @property
    def organization(self) -> Organization:
        return self.context["organization"]

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if self.parent is None and isinstance(error.detail, dict) and isinstance(data, Mapping):
                self._report_model_rules(data, error.detail)
            raise

    def _report_model_rules(self, data: Mapping, errors: dict) -> None:
        """A field that did not parse stops DRF before the service runs: add the model's verdict now.

        So one request reports every error (an 81-character name beside a threshold that is not a
        number). Fields that already carry an error keep only theirs; fields not sent say nothing.
        """
        model = self.Meta.model
        concrete = {field.name for field in model._meta.concrete_fields}
        parsed = {}
        for field in self._writable_fields:
            if field.field_name in errors or field.source not in concrete:
                continue
            primitive = field.get_value(data)
            if primitive is empty:
                continue
            try:
                parsed[field.source] = field.run_validation(primitive)
            except (serializers.ValidationError, DjangoValidationError, SkipField):
                continue
        if not parsed:
            return
        obj = self.instance if self.instance is not None else model(organization=self.organization)
        verdict = model_verdict(obj, parsed)
        if verdict:
            for name, messages in serializers.as_serializer_error(DjangoValidationError(verdict)).items():
                errors.setdefault(name, messages)


class ReferenceSerializer(serializers.Serializer):
    """An object that refers to another one (what blocks its deletion)."""

    type = serializers.CharField(help_text=_("Model name, for example `entrypoint` or `flow`."))
    kind = serializers.CharField(help_text=_("Readable kind, for example “channel”."))
    id = serializers.CharField()
    name = serializers.CharField()


class ReferencesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = ReferenceSerializer(many=True)
