import datetime

from django import forms
from django.core import exceptions
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _


class LocalDateTimeFormField(forms.DateTimeField):
    """Keeps the wall-clock value as typed: no conversion to the server's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise exceptions.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed.replace(tzinfo=None)

    def prepare_value(self, value):
        return value


class LocalDateTimeField(models.Field):
    """A local wall-clock date and time without a time zone.

    Overrides mean "24 Dec 12:00 in the channel's own zone", whatever zone that is, so the value
    is stored and returned naive (PostgreSQL `timestamp without time zone`).
    """

    description = "Local date and time (no time zone)"

    def db_type(self, connection):
        return "timestamp" if connection.vendor == "postgresql" else "datetime"

    def to_python(self, value):
        if value is None or isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None) if value is not None else None
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day)
        try:
            parsed = parse_datetime(str(value))
        except ValueError:
            parsed = None
        if parsed is None:
            raise exceptions.ValidationError(
                _("Enter a valid date and time (YYYY-MM-DD HH:MM)."), code="invalid"
            )
        return parsed.replace(tzinfo=None)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return value if connection.vendor == "postgresql" else value.isoformat(sep=" ")

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LocalDateTimeFormField, **kwargs})
