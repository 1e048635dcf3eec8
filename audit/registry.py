"""Which models are audited, and how: each app registers its own (in its `history.py`).

The audit app knows no app's models: an app says here what its object is called (the same type
names as the references endpoint), which fields are tracked, which related sets belong to its
state (owned rows such as shifts, or assigned numbers), how a row reads, and how an earlier state
is put back through its services.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import reversion
from django.db import models


@dataclass(frozen=True)
class RelatedSet:
    """A set of other rows that is part of an object's state: `shifts` of a schedule, `support_numbers` of a channel."""

    name: str  # the reverse relation, as the API names it
    text: Callable[[models.Model], str]  # how one row reads ("Mon–Fri 08:00–17:00")
    owned: bool = True  # owned rows are compared row by row; assigned ones as one list
    # Owned rows with an order of their own (a schedule's shifts, as entered; their `position`): a change
    # lists them in it, and the same rows in another order are a change.
    ordered: bool = False


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    type_name: str  # "entrypoint", as the references endpoint names it
    fields: tuple[str, ...]  # the model fields a change is described by, in the API's names
    related: tuple[RelatedSet, ...] = ()
    # restore(obj or None, state, organization) puts `state` back through the services.
    restore: Callable | None = None
    organization_of: Callable[[models.Model], int | None] = field(
        default=lambda obj: getattr(obj, "organization_id", None)
    )
    console_prefix: str = ""  # "channels": the History page is /channels/<id>/history/
    api_resource: str = ""  # "entry-points": /api/v1/entry-points/<id>/history/
    has_version: bool = True

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    def related_model(self, name: str) -> type[models.Model]:
        return self.model._meta.get_field(name).related_model


_by_model: dict[type[models.Model], Tracked] = {}
_by_type: dict[str, Tracked] = {}


def register(tracked: Tracked) -> None:
    """Audit `tracked.model`; its versions (and its related rows') are stored by django-reversion."""
    for model in (tracked.model, *(tracked.related_model(rel.name) for rel in tracked.related)):
        if not reversion.is_registered(model):
            reversion.register(model)
    _by_model[tracked.model] = tracked
    _by_type[tracked.type_name] = tracked


def for_model(model: type[models.Model]) -> Tracked | None:
    return _by_model.get(model)


def for_type(type_name: str) -> Tracked | None:
    return _by_type.get(type_name)


def all_tracked() -> list[Tracked]:
    return list(_by_type.values())


def with_history() -> list[Tracked]:
    """The object types that have a History page (tokens and memberships appear only in Activity)."""
    return [tracked for tracked in _by_type.values() if tracked.console_prefix]
