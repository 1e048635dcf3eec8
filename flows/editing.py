"""Helpers the object consoles share: list filters."""

from collections.abc import Callable

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from contactcenter.forms import DeleteForm


def choice_filter(field: str, choices: type[models.TextChoices]) -> Callable[[QuerySet, str], QuerySet]:
    """A list filter on a choice field; an unknown value filters nothing out rather than failing."""

    def apply(queryset: QuerySet, value: str) -> QuerySet:
        return queryset.filter(**{field: value}) if value in choices.values else queryset

    return apply


def usage_filter(queryset: QuerySet, value: str) -> QuerySet:
    """`used` / `unused` on a list annotated with `usage` (how many objects refer to each row)."""
    if value == "used":
        return queryset.filter(usage__gt=0)
    if value == "unused":
        return queryset.filter(usage=0)
    return queryset


def yes_no_filter(field: str) -> Callable[[QuerySet, str], QuerySet]:
    def apply(queryset: QuerySet, value: str) -> QuerySet:
        return queryset.filter(**{field: value == "yes"}) if value in ("yes", "no") else queryset

    return apply


def posted_version(request: HttpRequest) -> int | None:
    """The version a delete dialog was opened with; a missing or malformed one skips the check."""
    form = DeleteForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None
