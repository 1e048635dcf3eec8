"""The Activity filters, shared by `/activity/` and `/api/v1/activity/`."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .choices import Action
from .models import AuditEntry
from .presentation import type_label
from .registry import all_tracked


def object_type_choices() -> list[tuple[str, str]]:
    return sorted(((t.type_name, type_label(t.type_name)) for t in all_tracked()), key=lambda c: c[1])


class MomentField(forms.Field):
    """An ISO 8601 date-time, or a date (its first moment; with `end`, the first moment after it).

    A time without an offset, and a date, are read in the current time zone: UTC for the API, the
    organization's on a console page.
    """

    def __init__(self, *args, end: bool = False, **kwargs):
        self.end = end
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip()
        try:
            # The date first: Python's datetime.fromisoformat (which parse_datetime tries) also reads a
            # bare date, as its midnight, and `end` would not reach the day's last moment.
            day = parse_date(value)
            moment = None if day else parse_datetime(value)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise ValidationError(
                _("Enter a date (2026-12-24) or a date and time (2026-12-24T10:00Z)."), code="invalid"
            )
        try:
            if moment is None:
                if self.end:
                    day += datetime.timedelta(days=1)
                moment = datetime.datetime.combine(day, datetime.time.min)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, timezone.get_current_timezone())
            # In UTC: an offset ISO 8601 allows (-18:58) may be one the database does not (PostgreSQL: ±15:59).
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(
                _("Enter a moment between the years 1 and 9999 (in UTC)."), code="out_of_range"
            ) from None


class MomentFilter(django_filters.Filter):
    field_class = MomentField


class AuditEntryFilterSet(django_filters.FilterSet):
    """The Activity's filters, as `/api/v1/activity/` takes them."""

    object_type = django_filters.ChoiceFilter(
        # Read when used: the types are registered once every app is ready.
        choices=lazy(object_type_choices, list)(),
        empty_label=_("Any object type"),
        label=_("Object type"),
    )
    object_id = django_filters.CharFilter()
    actor = django_filters.CharFilter(field_name="actor_name", label=_("User"))
    action = django_filters.ChoiceFilter(
        choices=Action.choices, empty_label=_("Any action"), label=_("Action")
    )
    since = MomentFilter(field_name="at", lookup_expr="gte", label=_("From"))
    until = MomentFilter(field_name="at", lookup_expr="lt", label=_("Until"), end=True)

    class Meta:
        model = AuditEntry
        fields: list[str] = []


class AuditEntryConsoleFilterSet(AuditEntryFilterSet):
    """The Activity page: the user chosen among the organization's members; dates from the day pickers."""

    object_id = None

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        membership = getattr(getattr(request, "user", None), "membership", None)
        if membership is not None:
            names = (
                get_user_model()
                .objects.filter(membership__organization_id=membership.organization_id)
                .order_by("username")
                .values_list("username", flat=True)
            )
            self.filters["actor"] = django_filters.ChoiceFilter(
                field_name="actor_name",
                choices=[(name, name) for name in names],
                label=_("User"),
                empty_label=_("Any user"),
            )
