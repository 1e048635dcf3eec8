"""Filter helpers: strict parsing, so a malformed filter answers 400 instead of being ignored."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        raise ValidationError(_("Must be true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    """`true` or `false`; anything else is a 400, where django-filter would silently not filter."""

    field_class = StrictBooleanField


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            # PostgreSQL cannot compare with a NUL character; refuse instead of failing with a 500.
            raise exceptions.ValidationError({self.search_param: [_("Null characters are not allowed.")]})
        return super().get_search_terms(request)
