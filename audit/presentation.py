"""How an entry reads: labels are given at read time, in the reader's language."""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditEntry
from .registry import Tracked, for_type


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str | None
    after: str | None


def change_label(tracked: Tracked | None, item: dict) -> str:
    name = item.get("field", "")
    if tracked is None:
        return name
    try:
        model_field = tracked.model._meta.get_field(name)
    except models.FieldDoesNotExist:
        return name
    if item.get("row") is not None and model_field.is_relation:
        return f"{capfirst(model_field.related_model._meta.verbose_name)} “{item['row']}”"
    if model_field.one_to_many:
        return capfirst(model_field.related_model._meta.verbose_name_plural)
    return capfirst(model_field.verbose_name)


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    tracked = for_type(entry.object_type)
    return [
        ChangeRow(
            field=item.get("field", ""),
            label=change_label(tracked, item),
            before=item.get("before"),
            after=item.get("after"),
        )
        for item in entry.changes or []
    ]


def type_label(object_type: str) -> str:
    tracked = for_type(object_type)
    return capfirst(tracked.verbose_name) if tracked else object_type


def actor_label(entry: AuditEntry) -> str:
    return entry.actor_name or _("System")


def history_url(entry: AuditEntry) -> str | None:
    """The object's History page; None for tokens and memberships, and for a deleted object."""
    tracked = for_type(entry.object_type)
    if tracked is None or not tracked.console_prefix:
        return None
    return f"/{tracked.console_prefix}/{entry.object_id}/history/"


def changes_text(entry: AuditEntry) -> str:
    """The changes on one line (the CSV export): "Label: before → after; …"."""
    return "; ".join(
        f"{row.label}: {row.before if row.before is not None else '—'} → {row.after if row.after is not None else '—'}"
        for row in change_rows(entry)
    )
