"""Filters every list shares, console and API alike: strict, so a bad value is reported, never ignored.

Each app's `filtersets.py` declares `<Model>FilterSet`, the API's filters (its query parameters and
values), and `<Model>ConsoleFilterSet`, the subclass the console's list page filters with: the same
filters, some asked in the words the page's selects send, plus the ones only the page offers.
"""

from collections.abc import Sequence

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


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
    """`true` or `false`; anything else is invalid, where django-filter would silently not filter."""

    field_class = StrictBooleanField

    def in_words(self, words: Sequence[tuple[str, str, bool]], **kwargs) -> "BooleanChoiceFilter":
        """The same question (field, lookup, exclude) asked in other words, as a select offers them."""
        return BooleanChoiceFilter(
            field_name=self.field_name,
            lookup_expr=self.lookup_expr,
            exclude=self.exclude,
            words=words,
            **kwargs,
        )


class BooleanChoiceFilter(django_filters.ChoiceFilter):
    """A yes/no filter whose values are words: `words` lists (value, label, what it means)."""

    def __init__(self, *args, words: Sequence[tuple[str, str, bool]], **kwargs):
        self.meanings = {value: meaning for value, _label, meaning in words}
        super().__init__(*args, choices=[(value, label) for value, label, _meaning in words], **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        return super().filter(qs, self.meanings.get(value, value))


class UsageFilter(django_filters.ChoiceFilter):
    """`used` / `unused` on a list annotated with `usage` (how many objects refer to each row)."""

    def __init__(self, *, used: str = _("In use"), **kwargs):
        super().__init__(
            field_name="usage",
            choices=[("used", used), ("unused", _("Not used"))],
            label=_("Usage"),
            empty_label=_("Any usage"),
            **kwargs,
        )

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value == "used":
            return qs.filter(usage__gt=0)
        if value == "unused":
            return qs.filter(usage=0)
        return qs
